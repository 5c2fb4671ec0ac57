package org.stratus.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeersCatalogTest {

    @Test
    void listsEveryPeerInReportOrderUnderItsOwnName() {
        assertThat(Peers.all()).extracting(Peer::name)
                .containsExactly("stratus", "stratus-ha", "apache", "apache-noauth", "nginx", "rclone");
        assertThat(Peers.names()).allSatisfy(name -> assertThat(Peers.byName(name).name()).isEqualTo(name));
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Peers.byName("lighttpd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lighttpd").hasMessageContaining("apache-noauth");
    }

    @Test
    void installCommandNamesEachMissingPackage() {
        assertThat(PackageInstaller.command(List.of("nginx", "rclone")))
                .isEqualTo("sudo apt-get install -y --no-install-recommends nginx rclone");
    }

    @Test
    void aPackageThatDoesNotExistIsMissing() {
        assertThat(Packages.missing(List.of("no-such-package-stratus-bench"))).containsExactly(
                "no-such-package-stratus-bench");
    }
}
