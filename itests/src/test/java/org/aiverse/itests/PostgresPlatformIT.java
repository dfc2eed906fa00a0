package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.inject.Inject;
import org.aiverse.persistence.Database;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The distribution configured for PostgreSQL (the machine's server, a fresh database for this run): the
 * DataSource comes from etc/, migrations run at start, and JPA works through the platform.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresPlatformIT extends PlatformTestSupport {

    @Inject
    private Database database;

    @Configuration
    public Option[] config() {
        return platform(freshPostgres());
    }

    @Test
    public void thePlatformRunsOnPostgreSqlWithItsSchemaMigrated() throws Exception {
        assertEquals("PostgreSQL", database.productName());
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                assertTrue(rs.next());
                assertEquals(System.getProperty(DATABASE), rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT version FROM platform_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")) {
                assertTrue(rs.next());
                assertEquals("1", rs.getString(1));
            }
        }
        JsonNode health = awaitHealthy();
        JsonNode db = null;
        for (JsonNode c : health.path("components")) {
            if ("database".equals(c.path("name").asText())) {
                db = c;
            }
        }
        assertTrue("database component present: " + health, db != null);
        assertEquals("up", db.path("status").asText());
        assertEquals("PostgreSQL", db.path("detail").path("product").asText());
        assertTrue(
                "the JPA heartbeat was written",
                db.path("detail").path("last_seen").asLong() > 0);
    }
}
