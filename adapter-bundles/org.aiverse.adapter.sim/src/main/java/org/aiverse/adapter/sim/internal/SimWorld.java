package org.aiverse.adapter.sim.internal;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated gallery: a navigation grid with walls, named waypoints, exhibits, NPCs and a shop's offers. The
 * layout is fixed (so tests and demos can name places); each session gets its own copy with the agent's position.
 */
final class SimWorld {

    /** A cell of the grid. */
    record Cell(int x, int z) {
        int distance(Cell other) {
            return Math.abs(x - other.x) + Math.abs(z - other.z);
        }
    }

    record Exhibit(String id, String name, Cell cell, String description) {}

    record Npc(String id, String name, Cell cell, String greeting) {}

    record Offer(String itemId, String name, BigDecimal price) {}

    static final int SIZE = 16;
    private static final String[] MAP = {
        "################",
        "#..............#",
        "#..##....##....#",
        "#..##....##....#",
        "#..............#",
        "#......#.......#",
        "#......#.......#",
        "#..............#",
        "#####.####.#####",
        "#..............#",
        "#..............#",
        "#...##....##...#",
        "#...##....##...#",
        "#..............#",
        "#..............#",
        "################",
    };

    static final Map<String, Cell> WAYPOINTS = Map.of(
            "home_dock", new Cell(1, 1),
            "gallery_entrance", new Cell(5, 8),
            "bioluminescent_gallery", new Cell(7, 11),
            "curator_desk", new Cell(13, 13),
            "shop", new Cell(13, 2));

    static final List<Exhibit> EXHIBITS = List.of(
            new Exhibit("exhibit_glow_fern", "Glow fern", new Cell(6, 12), "A fern that glows softly at dusk."),
            new Exhibit("exhibit_memory_tree", "Memory tree", new Cell(9, 10), "A tree whose leaves replay memories."),
            new Exhibit("exhibit_tide_lamp", "Tide lamp", new Cell(12, 4), "A lamp that pulses with the tides."));

    static final List<Npc> NPCS = List.of(
            new Npc("npc_42", "Curator", new Cell(13, 13), "hello"),
            new Npc("npc_7", "Shopkeeper", new Cell(13, 2), "welcome to the shop"));

    static final Map<String, Offer> OFFERS = Map.of(
            "glow_pin", new Offer("glow_pin", "Glow pin", new BigDecimal("4.50")),
            "tide_poster", new Offer("tide_poster", "Tide poster", new BigDecimal("9.00")),
            "memory_book", new Offer("memory_book", "Memory book", new BigDecimal("24.00")));

    static final List<String> ANIMATIONS = List.of("wave", "nod", "point", "bow", "dance", "idle");

    private Cell agent = WAYPOINTS.get("home_dock");

    synchronized Cell agent() {
        return agent;
    }

    synchronized void moveTo(Cell cell) {
        agent = cell;
    }

    static boolean walkable(Cell c) {
        return c.x >= 0 && c.z >= 0 && c.x < SIZE && c.z < SIZE && MAP[c.z].charAt(c.x) == '.';
    }

    /** A shortest path on the grid (4-neighbourhood, breadth first), excluding the start; empty when unreachable. */
    static Optional<List<Cell>> path(Cell from, Cell to) {
        if (!walkable(to)) {
            return Optional.empty();
        }
        Map<Cell, Cell> parent = new LinkedHashMap<>();
        Deque<Cell> frontier = new ArrayDeque<>();
        frontier.add(from);
        parent.put(from, from);
        int[][] steps = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        while (!frontier.isEmpty()) {
            Cell c = frontier.poll();
            if (c.equals(to)) {
                List<Cell> route = new ArrayList<>();
                for (Cell at = to; !at.equals(from); at = parent.get(at)) {
                    route.add(at);
                }
                Collections.reverse(route);
                return Optional.of(route);
            }
            for (int[] s : steps) {
                Cell n = new Cell(c.x + s[0], c.z + s[1]);
                if (walkable(n) && !parent.containsKey(n)) {
                    parent.put(n, c);
                    frontier.add(n);
                }
            }
        }
        return Optional.empty();
    }

    /** Where a move intent's target leads: a waypoint name, an exhibit, an NPC, or {@code {x, z}} in params. */
    static Optional<Cell> resolve(String target, Map<String, Object> params) {
        Object waypoint = params.get("waypoint");
        String name = waypoint instanceof String w ? w : target;
        if (WAYPOINTS.containsKey(name)) {
            return Optional.of(WAYPOINTS.get(name));
        }
        for (Exhibit e : EXHIBITS) {
            if (e.id().equals(name)) {
                return nearestWalkable(e.cell());
            }
        }
        for (Npc n : NPCS) {
            if (n.id().equals(name)) {
                return nearestWalkable(n.cell());
            }
        }
        if (params.get("x") instanceof Number x && params.get("z") instanceof Number z) {
            Cell c = new Cell((int) Math.round(x.doubleValue()), (int) Math.round(z.doubleValue()));
            return walkable(c) ? Optional.of(c) : Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Cell> nearestWalkable(Cell c) {
        if (walkable(c)) {
            return Optional.of(c);
        }
        int[][] around = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        for (int[] a : around) {
            Cell n = new Cell(c.x + a[0], c.z + a[1]);
            if (walkable(n)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
