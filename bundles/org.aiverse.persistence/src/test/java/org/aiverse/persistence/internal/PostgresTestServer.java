package org.aiverse.persistence.internal;

/** Where the tests find PostgreSQL: {@code AIVERSE_PG_HOST}/{@code AIVERSE_PG_PORT}, default 127.0.0.1:5432. */
final class PostgresTestServer {

    private PostgresTestServer() {}

    static String url(String database) {
        String host = System.getenv().getOrDefault("AIVERSE_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("AIVERSE_PG_PORT", "5432");
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    static String adminUrl() {
        return url("postgres");
    }
}
