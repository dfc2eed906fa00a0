package org.aiverse.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** One Karaf node of the platform, with its heartbeat. */
@Entity
@Table(name = "platform_node")
public class PlatformNode {

    @Id
    @Column(name = "node_id", length = 128)
    private String nodeId;

    @Column(name = "version", length = 64, nullable = false)
    private String version;

    @Column(name = "started_at", nullable = false)
    private long startedAt;

    @Column(name = "last_seen", nullable = false)
    private long lastSeen;

    protected PlatformNode() {
        // for JPA
    }

    PlatformNode(String nodeId, String version, long startedAt) {
        this.nodeId = nodeId;
        this.version = version;
        this.startedAt = startedAt;
        this.lastSeen = startedAt;
    }

    String nodeId() {
        return nodeId;
    }

    long lastSeen() {
        return lastSeen;
    }

    void started(String newVersion, long at) {
        this.version = newVersion;
        this.startedAt = at;
        this.lastSeen = at;
    }

    void seen(long at) {
        this.lastSeen = at;
    }
}
