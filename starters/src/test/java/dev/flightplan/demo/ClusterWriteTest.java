package dev.flightplan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterWriteTest {

  @Test
  void namesTheObjectOfACreateFromItsBody() {
    ClusterWrite write =
        ClusterWrite.of(
            1L,
            "POST",
            "/apis/apps/v1/namespaces/shop/deployments?fieldManager=flightplan",
            201,
            "{\"metadata\":{\"name\":\"checkout-green\"},\"spec\":{\"replicas\":3}}");

    assertThat(write.objectKey()).isEqualTo("deployments shop/checkout-green");
    assertThat(write.replicas()).isEqualTo(3);
    assertThat(write.path()).isEqualTo("/apis/apps/v1/namespaces/shop/deployments");
    assertThat(write.succeeded()).isTrue();
  }

  @Test
  void tellsStatusAndScaleSubresourcesOfTheSameObjectApart() {
    ClusterWrite status = ClusterWrite.of(1L, "PUT", "/apis/apps/v1/namespaces/shop/deployments/web/status", 200, "{}");
    ClusterWrite scale =
        ClusterWrite.of(2L, "PATCH", "/apis/apps/v1/namespaces/shop/deployments/web/scale", 200, "{\"spec\":{\"replicas\":0}}");

    assertThat(status.isStatusWrite()).isTrue();
    assertThat(scale.isStatusWrite()).isFalse();
    assertThat(scale.objectKey()).isEqualTo(status.objectKey()).isEqualTo("deployments shop/web");
    assertThat(scale.replicas()).isZero();
  }

  @Test
  void readsReplicasFromAJsonPatch() {
    ClusterWrite write =
        ClusterWrite.of(
            1L,
            "PATCH",
            "/apis/apps/v1/namespaces/shop/deployments/web",
            200,
            "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]");

    assertThat(write.replicas()).isEqualTo(5);
  }

  @Test
  void namesClusterScopedObjectsWithoutANamespace() {
    ClusterWrite write = ClusterWrite.of(1L, "DELETE", "/api/v1/namespaces/shop", 200, null);

    assertThat(write.objectKey()).isEqualTo("namespaces shop");
    assertThat(write.namespace()).isNull();
  }
}
