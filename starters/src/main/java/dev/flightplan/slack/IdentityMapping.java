package dev.flightplan.slack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who Slack users are in plans, from a YAML or JSON file:
 *
 * <pre>
 * users:                                  # Slack user id → approver name and groups
 *   U012ABCDEF: { name: alice, groups: [sre] }
 * groups:                                 # approver name → more groups (also for people found by email)
 *   sre: [bob]
 * emailDomains: [example.com]             # email fallback accepts only these domains (empty: any)
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdentityMapping(
    Map<String, MappedUser> users, Map<String, List<String>> groups, List<String> emailDomains) {

  /** One mapped Slack user. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MappedUser(String name, List<String> groups) {}

  public IdentityMapping {
    users = users == null ? Map.of() : Map.copyOf(users);
    groups = groups == null ? Map.of() : Map.copyOf(groups);
    emailDomains =
        emailDomains == null ? List.of() : emailDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
  }

  public static IdentityMapping empty() {
    return new IdentityMapping(null, null, null);
  }

  public static IdentityMapping load(Path file) throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    IdentityMapping mapping = yaml.readValue(file.toFile(), IdentityMapping.class);
    List<String> problems = new ArrayList<>();
    mapping.users.forEach(
        (id, user) -> {
          if (user == null || user.name() == null || user.name().isBlank()) {
            problems.add("users." + id + ".name: required");
          }
        });
    if (!problems.isEmpty()) {
      throw new IOException(file + ": " + String.join("; ", problems));
    }
    return mapping;
  }

  /** The approver for a mapped Slack user, or null. */
  Approver byUserId(String userId) {
    MappedUser user = users.get(userId);
    return user == null ? null : withGroups(user.name().trim(), user.groups());
  }

  /** An approver found another way (by email), with the groups this file gives that name. */
  Approver byName(String name) {
    return withGroups(name, List.of());
  }

  boolean acceptsEmailDomain(String domain) {
    return emailDomains.isEmpty() || emailDomains.contains(domain.toLowerCase(Locale.ROOT));
  }

  private Approver withGroups(String name, List<String> own) {
    Set<String> all = new LinkedHashSet<>(own == null ? List.of() : own);
    groups.forEach(
        (group, members) -> {
          if (members != null && members.contains(name)) {
            all.add(group);
          }
        });
    return new Approver(name, List.copyOf(all));
  }
}
