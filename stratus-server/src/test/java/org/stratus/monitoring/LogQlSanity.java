package org.stratus.monitoring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A small well-formedness check of the LogQL the dashboards send to Loki.
 *
 * <p>There is no Loki here to parse them (Loki is not packaged in Debian; Debian's {@code loki} package is an
 * unrelated program), so this checks the subset of LogQL the dashboards use: string literals terminated, brackets
 * balanced, at least one stream selector, every selector built only from the stream labels the Alloy pipeline
 * sets ({@code namespace}, {@code app}, {@code level}: request ids and user ids are structured metadata and must be
 * filtered after a {@code |}, never selected on) and scoped with {@code app="stratus"}, regular expressions that
 * compile, known functions and pipeline stages, and ranges that are durations inside a range aggregation.
 */
final class LogQlSanity {

    static final Set<String> STREAM_LABELS = Set.of("namespace", "app", "level");

    private static final Set<String> RANGE_FUNCTIONS = Set.of("count_over_time", "rate", "bytes_over_time",
            "bytes_rate", "sum_over_time", "avg_over_time", "max_over_time", "min_over_time", "quantile_over_time",
            "first_over_time", "last_over_time", "absent_over_time", "stddev_over_time", "stdvar_over_time",
            "rate_counter");

    private static final Set<String> OTHER_FUNCTIONS = Set.of("sum", "count", "avg", "max", "min", "topk",
            "bottomk", "sort", "sort_desc", "stddev", "stdvar", "by", "without", "vector", "label_replace");

    private static final Set<String> STAGES = Set.of("json", "logfmt", "pattern", "regexp", "unpack",
            "line_format", "label_format", "decolorize", "drop", "keep", "unwrap");

    /** {@code label op "literal"} after the literals were replaced by their index. */
    private static final Pattern MATCHER = Pattern.compile("\\s*([A-Za-z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"(\\d+)\"\\s*");

    private static final Map<Character, Character> CLOSING = Map.of(')', '(', ']', '[', '}', '{');

    private LogQlSanity() {}

    /** What is wrong with {@code query}; empty when nothing is. */
    static List<String> problems(String query) {
        List<String> problems = new ArrayList<>();
        if (query == null || query.isBlank()) {
            problems.add("empty query");
            return problems;
        }

        // String literals out of the way: "..." (with escapes) and `...` become "<index>".
        List<String> literals = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c != '"' && c != '`') {
                code.append(c);
                continue;
            }
            StringBuilder literal = new StringBuilder();
            int end = i + 1;
            while (end < query.length() && query.charAt(end) != c) {
                if (c == '"' && query.charAt(end) == '\\' && end + 1 < query.length()) {
                    literal.append(query.charAt(end + 1));
                    end += 2;
                } else {
                    literal.append(query.charAt(end++));
                }
            }
            if (end >= query.length()) {
                problems.add("unterminated string literal");
                return problems;
            }
            code.append('"').append(literals.size()).append('"');
            literals.add(literal.toString());
            i = end;
        }
        String c = code.toString();

        Deque<Character> open = new ArrayDeque<>();
        for (char ch : c.toCharArray()) {
            if (ch == '(' || ch == '[' || ch == '{') {
                open.push(ch);
            } else if (CLOSING.containsKey(ch)) {
                if (open.isEmpty() || open.pop() != CLOSING.get(ch)) {
                    problems.add("unbalanced '" + ch + "'");
                    return problems;
                }
            }
        }
        if (!open.isEmpty()) {
            problems.add("unclosed '" + open.peek() + "'");
            return problems;
        }

        Matcher selector = Pattern.compile("\\{([^{}]*)}").matcher(c);
        int selectors = 0;
        while (selector.find()) {
            selectors++;
            boolean scoped = false;
            for (String part : selector.group(1).split(",", -1)) {
                Matcher m = MATCHER.matcher(part);
                if (!m.matches()) {
                    problems.add("malformed stream matcher '" + part.trim() + "'");
                    continue;
                }
                String label = m.group(1);
                String op = m.group(2);
                String value = literals.get(Integer.parseInt(m.group(3)));
                if (!STREAM_LABELS.contains(label)) {
                    problems.add("stream selector on '" + label + "': only " + STREAM_LABELS
                            + " are stream labels (filter anything else after a |)");
                }
                if (op.endsWith("~")) {
                    try {
                        Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        problems.add("bad regular expression \"" + value + "\"");
                    }
                }
                scoped |= label.equals("app") && op.equals("=") && value.equals("stratus");
            }
            if (!scoped) {
                problems.add("stream selector without app=\"stratus\" (Loki needs one matcher that cannot match "
                        + "the empty string, and the dashboards are about Stratus)");
            }
        }
        if (selectors == 0) {
            problems.add("no stream selector {...}");
        }

        Matcher function = Pattern.compile("([A-Za-z_]\\w*)\\s*\\(").matcher(c);
        boolean rangeFunction = false;
        boolean aggregation = false;
        while (function.find()) {
            String name = function.group(1);
            if (RANGE_FUNCTIONS.contains(name)) {
                rangeFunction = true;
            } else if (OTHER_FUNCTIONS.contains(name)) {
                aggregation = true;
            } else {
                problems.add("unknown function " + name + "()");
            }
        }
        Matcher range = Pattern.compile("\\[([^\\]]*)]").matcher(c);
        boolean ranged = false;
        while (range.find()) {
            ranged = true;
            if (!range.group(1).trim().matches("\\d+(ms|s|m|h|d|w|y)")) {
                problems.add("range [" + range.group(1) + "] is not a duration");
            }
        }
        if (ranged != rangeFunction) {
            problems.add(ranged ? "range [...] outside a range aggregation such as count_over_time"
                    : "range aggregation without a range [...]");
        }
        if (aggregation && !rangeFunction) {
            problems.add("aggregation of log lines: aggregate a range aggregation such as count_over_time");
        }

        Matcher lineFilter = Pattern.compile("[|!][=~]\\s*(\"\\d+\")?").matcher(c);
        while (lineFilter.find()) {
            if (lineFilter.group(1) == null && lineFilter.start() > 0 && c.charAt(lineFilter.start()) == '|') {
                problems.add("line filter without a string");
            }
        }
        Matcher stage = Pattern.compile("\\|(?![=~])\\s*([A-Za-z_]\\w*)\\s*(==|!=|=~|!~|>=|<=|>|<|=)?\\s*(\\S*)")
                .matcher(c);
        while (stage.find()) {
            String word = stage.group(1);
            if (stage.group(2) != null) {
                if (!stage.group(3).matches("\"\\d+\"\\)*|-?\\d+(\\.\\d+)?([a-zA-Z]+)?\\)*")) {
                    problems.add("label filter " + word + " " + stage.group(2) + " needs a string or a number");
                }
            } else if (!STAGES.contains(word)) {
                problems.add("unknown pipeline stage | " + word);
            }
        }
        return problems;
    }
}
