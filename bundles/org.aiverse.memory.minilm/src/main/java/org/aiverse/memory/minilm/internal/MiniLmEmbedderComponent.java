package org.aiverse.memory.minilm.internal;

import org.aiverse.memory.api.Embedder;
import org.osgi.service.component.annotations.Component;

/**
 * Registers {@link MiniLmEmbedder} as the {@link Embedder} with ranking 100 (the built-in one has none). The model
 * loads on the first embedding, not at activation, so that binding the service never slows the platform's start.
 */
@Component(service = Embedder.class, property = "service.ranking:Integer=100")
public final class MiniLmEmbedderComponent implements Embedder {

    private volatile MiniLmEmbedder embedder;

    private MiniLmEmbedder model() {
        MiniLmEmbedder e = embedder;
        if (e == null) {
            synchronized (this) {
                e = embedder;
                if (e == null) {
                    e = new MiniLmEmbedder();
                    embedder = e;
                }
            }
        }
        return e;
    }

    @Override
    public String id() {
        return MiniLmEmbedder.ID;
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        return model().embed(text);
    }
}
