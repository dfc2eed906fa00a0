package org.aiverse.recorder.internal;

import java.nio.file.Path;
import org.aiverse.recorder.api.MediaStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The default {@link MediaStore}: AES-GCM blobs under {@code ${karaf.data}/aiverse/media}. Another store
 * registered with a higher {@code service.ranking} replaces it.
 */
@Component(
        service = MediaStore.class,
        configurationPid = "org.aiverse.recorder.media",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"service.ranking:Integer=0", "type=file"})
@Designate(ocd = FileMediaStoreComponent.Config.class)
public final class FileMediaStoreComponent implements MediaStore {

    /** Media store settings. */
    @ObjectClassDefinition(name = "AI-Verse media store (file system)")
    public @interface Config {
        @AttributeDefinition(description = "Directory of blobs and key; empty means ${karaf.data}/aiverse/media")
        String directory() default "";
    }

    private final FileMediaStore store;

    @Activate
    public FileMediaStoreComponent(Config config, BundleContext context) {
        String data = context.getProperty("karaf.data");
        Path dir = config.directory().isBlank()
                ? Path.of(data == null ? "data" : data, "aiverse", "media")
                : Path.of(config.directory());
        this.store = FileMediaStore.open(dir);
    }

    @Override
    public String put(String sessionId, String mediaId, byte[] plaintext) {
        return store.put(sessionId, mediaId, plaintext);
    }

    @Override
    public byte[] get(String contentRef) {
        return store.get(contentRef);
    }

    @Override
    public byte[] encrypted(String contentRef) {
        return store.encrypted(contentRef);
    }

    @Override
    public int deleteSession(String sessionId) {
        return store.deleteSession(sessionId);
    }
}
