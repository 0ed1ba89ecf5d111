package io.lstmstreams;

/** Entry point: wires the command line to the commands. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        System.out.println("lstm-streams");
    }
}
