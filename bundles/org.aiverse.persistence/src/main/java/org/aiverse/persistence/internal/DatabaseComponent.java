package org.aiverse.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.aiverse.persistence.Database;
import org.aiverse.persistence.SchemaVersion;
import org.aiverse.persistence.Transactions;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform database. Comes up when the configured DataSource and the platform persistence unit are
 * available, migrates the platform schema, and records this node. Re-created whenever the DataSource is
 * (editing {@code etc/org.ops4j.datasource-aiverse.cfg} switches the database at run time).
 */
@Component(
        service = {Database.class, HealthContributor.class},
        immediate = true,
        configurationPid = "org.aiverse.node",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DatabaseComponent.NodeConfig.class)
public final class DatabaseComponent implements Database, HealthContributor {

    /** Node identity. */
    @ObjectClassDefinition(name = "AI-Verse node", description = "This Karaf node's identity in the platform")
    public @interface NodeConfig {
        @AttributeDefinition(description = "Node id; empty means the Karaf instance name (karaf.name)")
        String id() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);
    static final String MODULE = "platform";

    private final DataSource dataSource;
    private final EntityManagerFactory emf;
    private final Clock clock;
    private final String nodeId;
    private final String productName;
    private final SchemaVersion schema;

    @Activate
    public DatabaseComponent(
            @Reference(target = "(osgi.jndi.service.name=aiverse)") DataSource dataSource,
            @Reference(target = "(osgi.unit.name=aiverse-platform)") EntityManagerFactory emf,
            NodeConfig config,
            BundleContext context) {
        this.dataSource = dataSource;
        this.emf = emf;
        this.clock = Clock.systemUTC();
        this.nodeId = config.id().isBlank() ? defaultNodeId(context) : config.id();
        this.productName = product(dataSource);
        this.schema = FlywayMigrator.migrate(dataSource, MODULE, DatabaseComponent.class.getClassLoader());
        String version = context.getBundle().getVersion().toString();
        long now = clock.instant().getEpochSecond();
        Transactions.inTransaction(emf, em -> {
            PlatformNode node = em.find(PlatformNode.class, nodeId);
            if (node == null) {
                em.persist(new PlatformNode(nodeId, version, now));
            } else {
                node.started(version, now);
            }
            return null;
        });
        LOG.info(
                "Database {} ready: platform schema v{} ({} migrations applied), node {}",
                productName,
                schema.version(),
                schema.applied(),
                nodeId);
    }

    private static String defaultNodeId(BundleContext context) {
        String name = context.getProperty("karaf.name");
        return name == null || name.isBlank() ? "node" : name;
    }

    private static String product(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("database unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String productName() {
        return productName;
    }

    @Override
    public SchemaVersion migrate(String module, ClassLoader classLoader) {
        SchemaVersion v = FlywayMigrator.migrate(dataSource, module, classLoader);
        LOG.info("Schema of {} at v{} ({} migrations applied)", module, v.version(), v.applied());
        return v;
    }

    /** A live check: a connection is valid and a JPA write of this node's heartbeat commits. */
    @Override
    public ComponentHealth health() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("product", productName);
        detail.put("schema_version", schema.version());
        detail.put("node_id", nodeId);
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(2)) {
                return ComponentHealth.down("database", "connection is not valid", detail);
            }
        } catch (SQLException e) {
            return ComponentHealth.down("database", "no connection: " + e.getMessage(), detail);
        }
        try {
            long now = clock.instant().getEpochSecond();
            long seen = Transactions.inTransaction(emf, em -> {
                PlatformNode node = em.find(PlatformNode.class, nodeId);
                node.seen(now);
                return node.lastSeen();
            });
            detail.put("last_seen", seen);
        } catch (RuntimeException e) {
            return ComponentHealth.down("database", "JPA write failed: " + e.getMessage(), detail);
        }
        return ComponentHealth.up("database", detail);
    }
}
