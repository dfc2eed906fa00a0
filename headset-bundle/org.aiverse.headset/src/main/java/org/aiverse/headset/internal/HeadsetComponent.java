package org.aiverse.headset.internal;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import org.aiverse.contracts.adapter.Adapter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the headset as an {@link Adapter} whiteboard service of kind {@code headset} (its version is the
 * bundle's, so hot swap works as for every adapter) and runs the OpenXR link. The service is registered at once,
 * also without a runtime: its properties then say {@code aiverse.adapter.health=error} with the OpenXR error, and
 * they follow the runtime (capabilities, health) as it comes, goes and returns.
 */
@Component(
        service = HeadsetMonitor.class,
        immediate = true,
        configurationPid = "org.aiverse.headset",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HeadsetComponent.Config.class)
public final class HeadsetComponent implements HeadsetMonitor {

    /** How the headset adapter runs. */
    @ObjectClassDefinition(name = "AI-Verse OpenXR headset", description = "The headset adapter's OpenXR link")
    public @interface Config {
        @AttributeDefinition(
                description = "Base reference space for the head pose: STAGE (falls back to LOCAL) or LOCAL")
        String referenceSpace() default "STAGE";

        @AttributeDefinition(description = "Milliseconds between attempts to reach the runtime while it is absent")
        long retryMillis() default 2000;

        @AttributeDefinition(
                description = "Frames per second when the runtime paces none (headless: no display); 0 = unpaced")
        double headlessFrameRate() default 90;

        @AttributeDefinition(description = "Send a head pose percept every n-th frame (1 = every frame)")
        int poseEveryNthFrame() default 1;

        @AttributeDefinition(
                description = "World entities the user can look at when the world names none: id=x,y,z,radius")
        String[] gazeTargets() default {};
    }

    private final HeadsetAdapter adapter;
    private final OpenXrLink link;
    private final ServiceRegistration<Adapter> registration;

    @Activate
    public HeadsetComponent(BundleContext context, Config config) {
        Version v = context.getBundle().getVersion();
        String version = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        this.adapter = new HeadsetAdapter(version, GazeTarget.parse(config.gazeTargets()), config.poseEveryNthFrame());
        this.link = new OpenXrLink(
                new OpenXrLink.Options(
                        "AI-Verse headset adapter",
                        config.referenceSpace(),
                        Duration.ofMillis(config.retryMillis()),
                        config.headlessFrameRate() > 0
                                ? Duration.ofNanos(Math.round(1e9 / config.headlessFrameRate()))
                                : Duration.ZERO),
                adapter);
        adapter.vibrator(link::vibrate);
        this.registration =
                context.registerService(Adapter.class, adapter, new Hashtable<>(adapter.currentServiceProperties()));
        adapter.onStatus(s -> {
            try {
                registration.setProperties(new Hashtable<>(adapter.currentServiceProperties()));
            } catch (IllegalStateException e) {
                // unregistered while deactivating
            }
        });
        link.start();
    }

    @Deactivate
    void deactivate() {
        link.close();
        registration.unregister();
        adapter.close();
    }

    @Override
    public XrStatus status() {
        return adapter.currentStatus();
    }

    @Override
    public Optional<HeadPose> lastPose() {
        return adapter.lastPose();
    }

    @Override
    public Map<String, Object> hud() {
        return adapter.hud();
    }

    @Override
    public double poseRate() {
        return adapter.meter().ratePerSecond();
    }

    @Override
    public double latencyMicros(double percentile) {
        return adapter.meter().latencyMicros(percentile);
    }

    @Override
    public int sessions() {
        return adapter.liveSessions();
    }
}
