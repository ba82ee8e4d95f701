package dev.flightplan.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackIdentityMappingTest {

  @TempDir Path dir;

  private IdentityMapping load(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return IdentityMapping.load(file);
  }

  @Test
  void mapsSlackUsersToApproverNamesWithGroupsFromBothPlaces() throws Exception {
    IdentityMapping mapping =
        load(
            "users.yaml",
            """
            users:
              U1: { name: alice, groups: [sre] }
              U2: { name: bob }
            groups:
              dba: [alice, dave]
            """);

    assertThat(mapping.byUserId("U1")).isEqualTo(new Approver("alice", java.util.List.of("sre", "dba")));
    assertThat(mapping.byUserId("U2")).isEqualTo(new Approver("bob", java.util.List.of()));
    assertThat(mapping.byUserId("U3")).isNull();
    assertThat(mapping.byName("dave").groups()).containsExactly("dba");
  }

  @Test
  void readsJsonToo() throws Exception {
    IdentityMapping mapping =
        load("users.json", "{\"users\": {\"U1\": {\"name\": \"alice\"}}, \"emailDomains\": [\"Example.com\"]}");

    assertThat(mapping.byUserId("U1").name()).isEqualTo("alice");
    assertThat(mapping.acceptsEmailDomain("example.COM")).isTrue();
    assertThat(mapping.acceptsEmailDomain("evil.example")).isFalse();
  }

  @Test
  void userWithoutANameIsAnErrorNamingIt() {
    assertThatThrownBy(() -> load("bad.yaml", "users:\n  U9: { groups: [sre] }\n"))
        .hasMessageContaining("users.U9.name: required");
  }
}
