package org.stratus.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.locks.IfHeader.Condition;
import org.stratus.locks.IfHeader.ConditionList;

final class IfHeaderTest {

    private static final String TOKEN = "opaquelocktoken:e71d4fae-5dec-22d6-fea5-00a0c91e6be4";

    private static Condition token(String token) {
        return new Condition(false, token, null);
    }

    private static Condition etag(String etag) {
        return new Condition(false, null, etag);
    }

    @Test
    void absentOrBlankHeaderIsEmpty() {
        assertSame(IfHeader.EMPTY, IfHeader.parse(null));
        assertSame(IfHeader.EMPTY, IfHeader.parse("  "));
        assertTrue(IfHeader.EMPTY.isEmpty());
        assertEquals(List.of(), IfHeader.EMPTY.submittedTokens());
    }

    @Test
    void untaggedListWithATokenAppliesToTheRequestUri() {
        IfHeader header = IfHeader.parse("(<" + TOKEN + ">)");

        assertEquals(List.of(new ConditionList(null, List.of(token(TOKEN)))), header.lists());
        assertEquals(List.of(TOKEN), header.submittedTokens());
    }

    @Test
    void listsAreAlternativesAndConditionsInAListAreAllRequired() {
        IfHeader header = IfHeader.parse("(<" + TOKEN + "> [\"etag-1\"]) ([\"etag-2\"])");

        assertEquals(List.of(
                new ConditionList(null, List.of(token(TOKEN), etag("\"etag-1\""))),
                new ConditionList(null, List.of(etag("\"etag-2\"")))), header.lists());
    }

    @Test
    void taggedListsNameTheirResourceAndTheTagCarriesOverToFollowingLists() {
        IfHeader header = IfHeader.parse("<http://host/remote.php/webdav/a> (<" + TOKEN + ">) ([W/\"weak\"]) "
                + "</remote.php/webdav/b> (Not <urn:x>)");

        assertEquals(List.of(
                new ConditionList("http://host/remote.php/webdav/a", List.of(token(TOKEN))),
                new ConditionList("http://host/remote.php/webdav/a", List.of(etag("W/\"weak\""))),
                new ConditionList("/remote.php/webdav/b", List.of(new Condition(true, "urn:x", null)))),
                header.lists());
    }

    @Test
    void negatedTokensAreNotSubmitted() {
        // "(Not <token>)" asserts the lock is absent; it does not present the token for the lock check.
        IfHeader header = IfHeader.parse("(Not <urn:a> <urn:b>) (not [\"e\"])");

        assertEquals(List.of(new Condition(true, "urn:a", null), token("urn:b")), header.lists().get(0).conditions());
        assertEquals(List.of(new Condition(true, null, "\"e\"")), header.lists().get(1).conditions());
        assertEquals(List.of("urn:b"), header.submittedTokens());
    }

    @Test
    void whitespaceBetweenPartsIsOptional() {
        assertEquals(IfHeader.parse("(<urn:a>[\"e\"])(<urn:b>)"),
                IfHeader.parse("  ( <urn:a>  [\"e\"] )\t( <urn:b> ) "));
    }

    @Test
    void submittedTokensComeFromEveryList() {
        IfHeader header = IfHeader.parse("</a> (<urn:1>) (<urn:2> Not <urn:3>) </b> (<urn:4>)");

        assertEquals(List.of("urn:1", "urn:2", "urn:4"), header.submittedTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", ")", "()", "( )", "<urn:a>", "<urn:a", "(<urn:a>", "(<urn:a", "([\"e\"",
        "([\"e\")", "(Not)", "(Not", "(urn:a)", "garbage", "(<urn:a>) x", "(<urn:a> x)", "Not (<urn:a>)",
        "(Nope <urn:a>)", "[\"e\"]"})
    void malformedHeadersAreRefusedWith400(String value) {
        StratusException refusal = assertThrows(StratusException.class, () -> IfHeader.parse(value));

        assertEquals(ErrorCode.INVALID_HEADER, refusal.code());
        assertEquals(400, refusal.code().status());
    }
}
