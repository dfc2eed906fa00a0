package org.aiverse.registry.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** An operator's registration of a bridge or world, as stored (JSON columns hold the contract's sub-objects). */
@Entity
@Table(name = "bridge_registration")
public class BridgeRegistration {

    @Id
    @Column(name = "id", length = 128)
    private String id;

    @Column(name = "kind", length = 16, nullable = false)
    private String kind;

    @Column(name = "name", length = 200, nullable = false)
    private String name;

    @Column(name = "version", length = 32, nullable = false)
    private String version;

    @Column(name = "capabilities", length = 2000, nullable = false)
    private String capabilities;

    @Column(name = "endpoints", length = 4000, nullable = false)
    private String endpoints;

    @Column(name = "policy", length = 2000)
    private String policy;

    @Column(name = "health", length = 16, nullable = false)
    private String health;

    @Column(name = "adapter", length = 128)
    private String adapter;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected BridgeRegistration() {
        // for JPA
    }

    BridgeRegistration(String id) {
        this.id = id;
    }

    /** The stored columns, as plain values. */
    record Row(
            String id,
            String kind,
            String name,
            String version,
            String capabilities,
            String endpoints,
            String policy,
            String health,
            String adapter,
            long updatedAt) {}

    Row row() {
        return new Row(id, kind, name, version, capabilities, endpoints, policy, health, adapter, updatedAt);
    }

    void set(Row row) {
        this.kind = row.kind();
        this.name = row.name();
        this.version = row.version();
        this.capabilities = row.capabilities();
        this.endpoints = row.endpoints();
        this.policy = row.policy();
        this.health = row.health();
        this.adapter = row.adapter();
        this.updatedAt = row.updatedAt();
    }
}
