package io.tributary.cli;

/** One authoring mistake: the file, the line (0 when unknown) and what is wrong, printed on one line. */
public record Problem(String file, int line, String mistake) {

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ": " : file.isEmpty() ? "" : file + ": ";
        return where + mistake.replaceAll("\\s*\\R\\s*", " ");
    }
}
