package org.stratus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.stratus.files.FilePath;
import org.stratus.files.Node;

class PrefetchedNodeTest {

    private static final FilePath PATH = FilePath.parse("a/b.txt");
    private static final Node NODE = new Node(7, 1, 3L, PATH, false, 4, 0, "e", "text/plain", "k", null, null, null);

    @Test
    void isHandedOutOnceForItsOwnerAndPath() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        new PrefetchedNode(1, PATH, Optional.of(NODE)).storeOn(request);

        assertThat(PrefetchedNode.take(request, 1, PATH)).map(PrefetchedNode::node).contains(Optional.of(NODE));
        assertThat(PrefetchedNode.take(request, 1, PATH)).isEmpty();
    }

    @Test
    void aNodeReadForAnotherOwnerOrPathIsNotUsed() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        new PrefetchedNode(1, PATH, Optional.of(NODE)).storeOn(request);
        assertThat(PrefetchedNode.take(request, 2, PATH)).isEmpty();

        new PrefetchedNode(1, PATH, Optional.of(NODE)).storeOn(request);
        assertThat(PrefetchedNode.take(request, 1, FilePath.parse("a"))).isEmpty();
    }

    @Test
    void rememberedAbsenceIsAnAnswerToo() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        new PrefetchedNode(1, PATH, Optional.empty()).storeOn(request);

        assertThat(PrefetchedNode.take(request, 1, PATH)).map(PrefetchedNode::node).contains(Optional.empty());
    }

    @Test
    void nothingStoredMeansNothingToTake() {
        assertThat(PrefetchedNode.take(new MockHttpServletRequest(), 1, PATH)).isEmpty();
    }
}
