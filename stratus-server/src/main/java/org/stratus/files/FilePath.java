package org.stratus.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;

/**
 * A validated path inside one user's tree: no leading or trailing slash, {@code ""} for the root. Every name in it
 * has passed {@link #checkName}, so no {@code ..}, no slash or backslash, no control character can reach storage.
 */
public final class FilePath implements Comparable<FilePath> {

    public static final FilePath ROOT = new FilePath("");
    public static final int MAX_NAME_BYTES = 255;
    public static final int MAX_PATH_CHARS = 4000;
    /** Names Nextcloud refuses as well; advertised in the capabilities. */
    public static final Set<String> FORBIDDEN_NAMES = Set.of(".htaccess");
    public static final Set<String> FORBIDDEN_EXTENSIONS = Set.of(".filepart", ".part");

    private final String value;

    private FilePath(String value) {
        this.value = value;
    }

    /** Builds a path from already-decoded segments, validating each. */
    public static FilePath of(List<String> segments) {
        if (segments.isEmpty()) {
            return ROOT;
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            checkName(segment);
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(segment);
        }
        if (path.length() > MAX_PATH_CHARS) {
            throw new StratusException(ErrorCode.INVALID_PATH, "The path is longer than " + MAX_PATH_CHARS
                    + " characters");
        }
        return new FilePath(path.toString());
    }

    /** A path read back from the database, where only validated paths are ever written. */
    static FilePath fromStorage(String value) {
        return value.isEmpty() ? ROOT : new FilePath(value);
    }

    /** Parses a slash-separated, already-decoded path; empty segments (double or trailing slashes) are ignored. */
    public static FilePath parse(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return of(segments);
    }

    /** Rejects names that cannot be stored: traversal, separators, control characters, reserved names. */
    public static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new StratusException(ErrorCode.INVALID_PATH, "The path contains an empty, '.' or '..' segment");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new StratusException(ErrorCode.INVALID_PATH,
                        "The name contains a slash, a backslash or a control character");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1)) && i++ >= 0)) {
                throw new StratusException(ErrorCode.INVALID_PATH, "The name is not valid Unicode");
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new StratusException(ErrorCode.FORBIDDEN_NAME, "A name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (FORBIDDEN_NAMES.contains(lower)) {
            throw new StratusException(ErrorCode.FORBIDDEN_NAME, "'" + name + "' is a reserved name");
        }
        for (String extension : FORBIDDEN_EXTENSIONS) {
            if (lower.endsWith(extension)) {
                throw new StratusException(ErrorCode.FORBIDDEN_NAME,
                        "Names ending in '" + extension + "' are reserved for partial uploads");
            }
        }
    }

    public boolean isRoot() {
        return value.isEmpty();
    }

    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    public FilePath parent() {
        if (isRoot()) {
            throw new IllegalStateException("The root has no parent");
        }
        int slash = value.lastIndexOf('/');
        return slash < 0 ? ROOT : new FilePath(value.substring(0, slash));
    }

    public FilePath child(String name) {
        checkName(name);
        return new FilePath(isRoot() ? name : value + "/" + name);
    }

    /** This path and every ancestor, root first. */
    public List<String> selfAndAncestors() {
        List<String> paths = new ArrayList<>();
        paths.add("");
        int from = 0;
        while (from < value.length()) {
            int slash = value.indexOf('/', from);
            int end = slash < 0 ? value.length() : slash;
            paths.add(value.substring(0, end));
            from = end + 1;
        }
        return paths;
    }

    /** True when {@code other} is this path or lies below it. */
    public boolean contains(FilePath other) {
        return isRoot() || other.value.equals(value) || other.value.startsWith(value + "/");
    }

    /** The same relative position moved from {@code from} to {@code to}. */
    public FilePath rebase(FilePath from, FilePath to) {
        if (!from.contains(this)) {
            throw new IllegalArgumentException(this + " is not below " + from);
        }
        if (equals(from)) {
            return to;
        }
        String rest = from.isRoot() ? value : value.substring(from.value.length() + 1);
        return new FilePath(to.isRoot() ? rest : to.value + "/" + rest);
    }

    /** A SQL LIKE pattern matching everything strictly below this path. */
    public String descendantsPattern() {
        String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return isRoot() ? "%" : escaped + "/%";
    }

    public String value() {
        return value;
    }

    @Override
    public int compareTo(FilePath other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilePath other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "/" + value;
    }
}
