package org.aiverse.adapter.sim.internal;

import java.util.List;
import org.aiverse.adapter.sim.internal.SimWorld.Cell;
import org.aiverse.adapter.sim.internal.SimWorld.Offer;

/** What an intent becomes in the simulated world (the seed's event mapping, 3.3, for a headless engine). */
sealed interface SimCommand {

    /** How long the engine takes, in simulated milliseconds. */
    long durationMillis();

    /** TTS playback: about 60 ms a word, at least 300 ms. */
    record Speak(String text) implements SimCommand {
        private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

        @Override
        public long durationMillis() {
            return Math.max(300, 60L * WHITESPACE.split(text).length);
        }
    }

    /** Navigation along a grid path: 120 ms a cell. */
    record Move(List<Cell> route, String destination) implements SimCommand {
        @Override
        public long durationMillis() {
            return 120L * route.size();
        }
    }

    /** A named animation clip. */
    record Animate(String clip) implements SimCommand {
        @Override
        public long durationMillis() {
            return 600;
        }
    }

    /** A sandbox purchase of one of the shop's offers. */
    record Buy(Offer offer) implements SimCommand {
        @Override
        public long durationMillis() {
            return 250;
        }
    }

    /** A UI panel with a title; cancellable by the user. */
    record OpenDialog(String title) implements SimCommand {
        @Override
        public long durationMillis() {
            return 150;
        }
    }
}
