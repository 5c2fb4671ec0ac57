package org.stratus.bench.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponsesTest {

    @Test
    void countsResourcesWhateverTheNamespacePrefix() {
        assertThat(Responses.count("<d:multistatus><d:response><d:href>/a/</d:href></d:response>"
                + "<d:response><d:href>/a/b</d:href></d:response></d:multistatus>")).isEqualTo(2);
        assertThat(Responses.count("<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>/x</D:href>"
                + "</D:response></D:multistatus>")).isEqualTo(1);
        assertThat(Responses.count("<multistatus xmlns=\"DAV:\"><response><href>/x</href></response>"
                + "</multistatus>")).isEqualTo(1);
    }

    @Test
    void everyWorkloadOfTheIssueExistsUnderItsName() {
        assertThat(Workloads.names()).containsExactly("get-4k", "get-1m", "get-256m", "put-4k", "put-1m",
                "put-256m", "propfind-1000", "propfind-10000", "etag-poll", "move-1000", "delete-1000", "mixed");
        assertThat(Workloads.forPeer(Plan.quick())).extracting(Workload::name).doesNotContain("propfind-10000");
    }
}
