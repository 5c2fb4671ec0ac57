package org.stratus.error;

/** Escaping for text and attribute values written into XML. */
public final class Xml {

    private Xml() {}

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text; // the common case: nothing to escape, nothing to copy
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        escapeTo(text, out);
        return out.toString();
    }

    /** Appends {@code text} escaped to {@code out}. */
    public static void escapeTo(String text, StringBuilder out) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append("&#xFFFD;"); // a control character: not representable in XML 1.0
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c == '<' || c == '>' || c == '&' || c == '"' || c == '\''
                || (c < 0x20 && c != '\t' && c != '\n' && c != '\r');
    }
}
