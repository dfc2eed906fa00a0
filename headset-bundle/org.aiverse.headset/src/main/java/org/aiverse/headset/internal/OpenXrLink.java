package org.aiverse.headset.internal;

import static org.lwjgl.openxr.XR10.XR_ACTION_TYPE_BOOLEAN_INPUT;
import static org.lwjgl.openxr.XR10.XR_ACTION_TYPE_VIBRATION_OUTPUT;
import static org.lwjgl.openxr.XR10.XR_EVENT_UNAVAILABLE;
import static org.lwjgl.openxr.XR10.XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
import static org.lwjgl.openxr.XR10.XR_NULL_PATH;
import static org.lwjgl.openxr.XR10.XR_REFERENCE_SPACE_TYPE_LOCAL;
import static org.lwjgl.openxr.XR10.XR_REFERENCE_SPACE_TYPE_STAGE;
import static org.lwjgl.openxr.XR10.XR_REFERENCE_SPACE_TYPE_VIEW;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_EXITING;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_FOCUSED;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_IDLE;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_LOSS_PENDING;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_READY;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_STOPPING;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_SYNCHRONIZED;
import static org.lwjgl.openxr.XR10.XR_SESSION_STATE_VISIBLE;
import static org.lwjgl.openxr.XR10.XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING;
import static org.lwjgl.openxr.XR10.XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED;
import static org.lwjgl.openxr.XR10.XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED;
import static org.lwjgl.openxr.XR10.XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
import static org.lwjgl.openxr.XR10.xrApplyHapticFeedback;
import static org.lwjgl.openxr.XR10.xrAttachSessionActionSets;
import static org.lwjgl.openxr.XR10.xrBeginSession;
import static org.lwjgl.openxr.XR10.xrCreateAction;
import static org.lwjgl.openxr.XR10.xrCreateActionSet;
import static org.lwjgl.openxr.XR10.xrCreateInstance;
import static org.lwjgl.openxr.XR10.xrCreateReferenceSpace;
import static org.lwjgl.openxr.XR10.xrCreateSession;
import static org.lwjgl.openxr.XR10.xrDestroyActionSet;
import static org.lwjgl.openxr.XR10.xrDestroyInstance;
import static org.lwjgl.openxr.XR10.xrDestroySession;
import static org.lwjgl.openxr.XR10.xrDestroySpace;
import static org.lwjgl.openxr.XR10.xrEndSession;
import static org.lwjgl.openxr.XR10.xrEnumerateInstanceExtensionProperties;
import static org.lwjgl.openxr.XR10.xrEnumerateReferenceSpaces;
import static org.lwjgl.openxr.XR10.xrGetActionStateBoolean;
import static org.lwjgl.openxr.XR10.xrGetCurrentInteractionProfile;
import static org.lwjgl.openxr.XR10.xrGetInstanceProperties;
import static org.lwjgl.openxr.XR10.xrGetSystem;
import static org.lwjgl.openxr.XR10.xrGetSystemProperties;
import static org.lwjgl.openxr.XR10.xrLocateSpace;
import static org.lwjgl.openxr.XR10.xrPathToString;
import static org.lwjgl.openxr.XR10.xrPollEvent;
import static org.lwjgl.openxr.XR10.xrStringToPath;
import static org.lwjgl.openxr.XR10.xrSuggestInteractionProfileBindings;
import static org.lwjgl.openxr.XR10.xrSyncActions;
import static org.lwjgl.openxr.XR10.xrWaitFrame;
import static org.lwjgl.system.MemoryStack.stackPush;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.lwjgl.PointerBuffer;
import org.lwjgl.openxr.KHRConvertTimespecTime;
import org.lwjgl.openxr.MNDHeadless;
import org.lwjgl.openxr.XR10;
import org.lwjgl.openxr.XrAction;
import org.lwjgl.openxr.XrActionCreateInfo;
import org.lwjgl.openxr.XrActionSet;
import org.lwjgl.openxr.XrActionSetCreateInfo;
import org.lwjgl.openxr.XrActionStateBoolean;
import org.lwjgl.openxr.XrActionStateGetInfo;
import org.lwjgl.openxr.XrActionSuggestedBinding;
import org.lwjgl.openxr.XrActionsSyncInfo;
import org.lwjgl.openxr.XrActiveActionSet;
import org.lwjgl.openxr.XrApplicationInfo;
import org.lwjgl.openxr.XrEventDataBuffer;
import org.lwjgl.openxr.XrEventDataSessionStateChanged;
import org.lwjgl.openxr.XrExtensionProperties;
import org.lwjgl.openxr.XrFrameState;
import org.lwjgl.openxr.XrFrameWaitInfo;
import org.lwjgl.openxr.XrHapticActionInfo;
import org.lwjgl.openxr.XrHapticBaseHeader;
import org.lwjgl.openxr.XrHapticVibration;
import org.lwjgl.openxr.XrInstance;
import org.lwjgl.openxr.XrInstanceCreateInfo;
import org.lwjgl.openxr.XrInstanceProperties;
import org.lwjgl.openxr.XrInteractionProfileState;
import org.lwjgl.openxr.XrInteractionProfileSuggestedBinding;
import org.lwjgl.openxr.XrPosef;
import org.lwjgl.openxr.XrReferenceSpaceCreateInfo;
import org.lwjgl.openxr.XrSession;
import org.lwjgl.openxr.XrSessionActionSetsAttachInfo;
import org.lwjgl.openxr.XrSessionBeginInfo;
import org.lwjgl.openxr.XrSessionCreateInfo;
import org.lwjgl.openxr.XrSpace;
import org.lwjgl.openxr.XrSpaceLocation;
import org.lwjgl.openxr.XrSystemGetInfo;
import org.lwjgl.openxr.XrSystemProperties;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.linux.KernelTimespec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link to the OpenXR runtime, on its own thread: instance (headless through {@code XR_MND_headless}), system,
 * session without a graphics binding, the VIEW space located in STAGE (or LOCAL), actions for the hands through
 * interaction profiles. It follows the session state machine (IDLE, READY: begin, SYNCHRONIZED, VISIBLE, FOCUSED,
 * STOPPING: end, LOSS_PENDING, EXITING), paces itself on {@code xrWaitFrame} and the runtime's display period, and
 * rebuilds everything after the runtime is lost, retrying until it returns.
 *
 * <p>Every OpenXR call happens on this thread; other threads hand work over (haptics) through a queue.
 */
final class OpenXrLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenXrLink.class);

    /** Where the link reports; called on the link's thread, must not block. */
    interface Listener {
        void status(XrStatus status);

        void pose(HeadPose pose);

        void input(String hand, String action, boolean pressed);
    }

    /**
     * How the link runs.
     *
     * @param applicationName the OpenXR application name
     * @param preferredSpace {@code STAGE} or {@code LOCAL}; STAGE falls back to LOCAL when the runtime lacks it
     * @param retry how long to wait between attempts while no runtime answers
     * @param headlessPeriod the frame period to keep when the runtime sets none (headless, no display paces
     *     {@code xrWaitFrame}); zero follows {@code xrWaitFrame} unpaced
     */
    record Options(String applicationName, String preferredSpace, Duration retry, Duration headlessPeriod) {}

    static final String CAP_OPEN_DIALOG = "openDialog";
    static final String CAP_SPEAK = "speak";
    static final String CAP_CAPTION = "caption";
    static final String CAP_STOP_OVERLAY = "emergencyStopOverlay";
    static final String CAP_HAPTIC = "haptic";

    private static final String[] HANDS = {"left", "right"};
    private static final String SIMPLE_CONTROLLER = "/interaction_profiles/khr/simple_controller";

    private final Options options;
    private final Listener listener;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<Runnable> work = new ConcurrentLinkedQueue<>();
    private volatile XrStatus status = XrStatus.starting();
    private volatile boolean everConnected;

    // OpenXR objects, touched only on the link's thread
    private XrInstance instance;
    private XrSession session;
    private XrSpace viewSpace;
    private XrSpace baseSpace;
    private String baseSpaceName;
    private XrActionSet actionSet;
    private XrAction select;
    private XrAction menu;
    private XrAction haptic;
    private final long[] handPaths = new long[HANDS.length];
    private boolean timespec;
    private boolean sessionRunning;
    private int sessionState = XR_SESSION_STATE_IDLE;
    private long nextFrameNanos;

    OpenXrLink(Options options, Listener listener) {
        this.options = options;
        this.listener = listener;
        this.thread = new Thread(this::run, "aiverse-openxr");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The link's current status. */
    XrStatus status() {
        return status;
    }

    /**
     * Vibrates a hand's controller through the haptic output action ({@code XrHapticVibration}).
     *
     * @return completes when the runtime accepted it, or exceptionally with an {@link XrFailure}
     */
    CompletableFuture<Void> vibrate(String hand, Duration duration, float amplitude) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        work.add(() -> {
            if (session == null || haptic == null || !sessionRunning) {
                done.completeExceptionally(new XrFailure("xrApplyHapticFeedback", XR10.XR_ERROR_SESSION_NOT_RUNNING));
                return;
            }
            int idx = "left".equals(hand) ? 0 : 1;
            try (MemoryStack stack = stackPush()) {
                XrHapticActionInfo info = XrHapticActionInfo.calloc(stack)
                        .type$Default()
                        .action(haptic)
                        .subactionPath(handPaths[idx]);
                XrHapticVibration vib = XrHapticVibration.calloc(stack)
                        .type$Default()
                        .duration(duration.toNanos())
                        .frequency(XR10.XR_FREQUENCY_UNSPECIFIED)
                        .amplitude(amplitude);
                XrFailure.check(
                        "xrApplyHapticFeedback",
                        xrApplyHapticFeedback(session, info, XrHapticBaseHeader.create(vib.address())));
                done.complete(null);
            } catch (XrFailure e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void publish(XrStatus s) {
        XrStatus before = status;
        status = s;
        if (before.health() != s.health() || !java.util.Objects.equals(before.reason(), s.reason())) {
            if (s.health() == AdapterHealth.OK) {
                LOG.info("OpenXR headset ready: {} on {}, session {}", s.system(), s.runtime(), s.sessionState());
            } else {
                LOG.warn(
                        "OpenXR headset {}: {}",
                        s.health() == AdapterHealth.ERROR ? "unavailable" : "degraded",
                        s.reason());
            }
        }
        try {
            listener.status(s);
        } catch (RuntimeException e) {
            LOG.warn("headset status listener failed", e);
        }
    }

    private void run() {
        int failures = 0;
        while (closing.getCount() > 0) {
            try {
                connect();
                failures = 0;
                loop();
            } catch (XrFailure e) {
                String reason = e.resultName() + " from " + e.call();
                publish(
                        everConnected
                                ? status.withHealth(AdapterHealth.DEGRADED, "runtime lost: " + reason)
                                        .withSessionState("NONE")
                                        .withCapabilities(Set.of(), List.of())
                                : XrStatus.unavailable(reason));
            } catch (LinkageError | RuntimeException e) {
                // the loader or its natives failed to load, or LWJGL refused: the adapter stays unavailable
                LOG.debug("OpenXR link failed", e);
                String reason = "OpenXR loader failed: " + e;
                publish(
                        everConnected
                                ? status.withHealth(AdapterHealth.DEGRADED, reason)
                                        .withSessionState("NONE")
                                        .withCapabilities(Set.of(), List.of())
                                : XrStatus.unavailable(reason));
            } finally {
                teardown();
            }
            // a lost runtime is retried at the configured pace; one never seen, ever more slowly (up to a minute),
            // so that a machine without a headset is not probed (and its loader's complaints logged) every few seconds
            long delay = everConnected
                    ? options.retry().toMillis()
                    : Math.min(60_000L, options.retry().toMillis() << Math.min(failures, 10));
            failures++;
            try {
                closing.await(delay, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void connect() {
        try (MemoryStack stack = stackPush()) {
            IntBuffer n = stack.mallocInt(1);
            XrFailure.check(
                    "xrEnumerateInstanceExtensionProperties",
                    xrEnumerateInstanceExtensionProperties((ByteBuffer) null, n, null));
            XrExtensionProperties.Buffer props = XrExtensionProperties.calloc(n.get(0), stack);
            for (XrExtensionProperties p : props) {
                p.type$Default();
            }
            XrFailure.check(
                    "xrEnumerateInstanceExtensionProperties",
                    xrEnumerateInstanceExtensionProperties((ByteBuffer) null, n, props));
            Set<String> offered = new TreeSet<>();
            for (XrExtensionProperties p : props) {
                offered.add(p.extensionNameString());
            }
            if (!offered.contains(MNDHeadless.XR_MND_HEADLESS_EXTENSION_NAME)) {
                // no compositor of our own to bind: a graphics binding needs a GL/Vulkan device this adapter has not
                throw new XrFailure(
                        "xrEnumerateInstanceExtensionProperties (XR_MND_headless)",
                        XR10.XR_ERROR_EXTENSION_NOT_PRESENT);
            }
            List<String> enable = new ArrayList<>();
            enable.add(MNDHeadless.XR_MND_HEADLESS_EXTENSION_NAME);
            timespec = offered.contains(KHRConvertTimespecTime.XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME);
            if (timespec) {
                enable.add(KHRConvertTimespecTime.XR_KHR_CONVERT_TIMESPEC_TIME_EXTENSION_NAME);
            }
            PointerBuffer names = stack.mallocPointer(enable.size());
            for (String e : enable) {
                names.put(stack.UTF8(e));
            }
            names.flip();
            XrInstanceCreateInfo ci = XrInstanceCreateInfo.calloc(stack)
                    .type$Default()
                    .applicationInfo(XrApplicationInfo.calloc(stack)
                            .applicationName(stack.UTF8(options.applicationName()))
                            .applicationVersion(1)
                            .engineName(stack.UTF8("AI-Verse"))
                            .engineVersion(1)
                            .apiVersion(XR10.XR_MAKE_VERSION(1, 0, 0)))
                    .enabledExtensionNames(names);
            PointerBuffer pp = stack.mallocPointer(1);
            XrFailure.check("xrCreateInstance", xrCreateInstance(ci, pp));
            instance = new XrInstance(pp.get(0), ci);

            XrInstanceProperties ip = XrInstanceProperties.calloc(stack).type$Default();
            XrFailure.check("xrGetInstanceProperties", xrGetInstanceProperties(instance, ip));
            long v = ip.runtimeVersion();
            String runtime = ip.runtimeNameString() + " " + ((v >>> 48) & 0xffff) + "." + ((v >>> 32) & 0xffff) + "."
                    + (v & 0xffffffffL);

            LongBuffer sid = stack.mallocLong(1);
            XrFailure.check(
                    "xrGetSystem",
                    xrGetSystem(
                            instance,
                            XrSystemGetInfo.calloc(stack)
                                    .type$Default()
                                    .formFactor(XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY),
                            sid));
            long systemId = sid.get(0);
            XrSystemProperties sp = XrSystemProperties.calloc(stack).type$Default();
            XrFailure.check("xrGetSystemProperties", xrGetSystemProperties(instance, systemId, sp));

            XrFailure.check(
                    "xrCreateSession",
                    xrCreateSession(
                            instance,
                            XrSessionCreateInfo.calloc(stack).type$Default().systemId(systemId),
                            pp));
            session = new XrSession(pp.get(0), instance);
            sessionState = XR_SESSION_STATE_IDLE;

            XrFailure.check("xrEnumerateReferenceSpaces", xrEnumerateReferenceSpaces(session, n, null));
            IntBuffer spaces = stack.mallocInt(n.get(0));
            XrFailure.check("xrEnumerateReferenceSpaces", xrEnumerateReferenceSpaces(session, n, spaces));
            boolean stage = false;
            for (int i = 0; i < n.get(0); i++) {
                stage |= spaces.get(i) == XR_REFERENCE_SPACE_TYPE_STAGE;
            }
            boolean useStage = stage && "STAGE".equalsIgnoreCase(options.preferredSpace());
            viewSpace = referenceSpace(stack, XR_REFERENCE_SPACE_TYPE_VIEW);
            baseSpace = referenceSpace(stack, useStage ? XR_REFERENCE_SPACE_TYPE_STAGE : XR_REFERENCE_SPACE_TYPE_LOCAL);
            baseSpaceName = useStage ? "STAGE" : "LOCAL";

            createActions(stack);

            everConnected = true;
            publish(new XrStatus(
                    AdapterHealth.OK,
                    null,
                    runtime,
                    sp.systemNameString(),
                    sp.trackingProperties().orientationTracking(),
                    sp.trackingProperties().positionTracking(),
                    true,
                    offered,
                    stateName(sessionState),
                    baseSpaceName,
                    List.of(),
                    capabilities(List.of()),
                    0));
        }
    }

    private XrSpace referenceSpace(MemoryStack stack, int type) {
        PointerBuffer pp = stack.mallocPointer(1);
        XrReferenceSpaceCreateInfo info = XrReferenceSpaceCreateInfo.calloc(stack)
                .type$Default()
                .referenceSpaceType(type)
                .poseInReferenceSpace(p -> p.orientation(q -> q.set(0, 0, 0, 1)));
        XrFailure.check("xrCreateReferenceSpace", xrCreateReferenceSpace(session, info, pp));
        return new XrSpace(pp.get(0), session);
    }

    private long path(MemoryStack stack, String p) {
        LongBuffer out = stack.mallocLong(1);
        XrFailure.check("xrStringToPath", xrStringToPath(instance, p, out));
        return out.get(0);
    }

    /** The action set: select and menu per hand (booleans) and a haptic output, bound to the simple controller. */
    private void createActions(MemoryStack stack) {
        PointerBuffer pp = stack.mallocPointer(1);
        XrFailure.check(
                "xrCreateActionSet",
                xrCreateActionSet(
                        instance,
                        XrActionSetCreateInfo.calloc(stack)
                                .type$Default()
                                .actionSetName(stack.UTF8("aiverse"))
                                .localizedActionSetName(stack.UTF8("AI-Verse"))
                                .priority(0),
                        pp));
        actionSet = new XrActionSet(pp.get(0), instance);
        LongBuffer subactions = stack.mallocLong(HANDS.length);
        for (int i = 0; i < HANDS.length; i++) {
            handPaths[i] = path(stack, "/user/hand/" + HANDS[i]);
            subactions.put(i, handPaths[i]);
        }
        select = action(stack, "select", "Select", XR_ACTION_TYPE_BOOLEAN_INPUT, subactions);
        menu = action(stack, "menu", "Menu (stop)", XR_ACTION_TYPE_BOOLEAN_INPUT, subactions);
        haptic = action(stack, "haptic", "Haptic", XR_ACTION_TYPE_VIBRATION_OUTPUT, subactions);

        XrActionSuggestedBinding.Buffer bindings = XrActionSuggestedBinding.calloc(6, stack);
        for (int i = 0; i < HANDS.length; i++) {
            String h = "/user/hand/" + HANDS[i];
            bindings.get(i * 3).set(select, path(stack, h + "/input/select/click"));
            bindings.get(i * 3 + 1).set(menu, path(stack, h + "/input/menu/click"));
            bindings.get(i * 3 + 2).set(haptic, path(stack, h + "/output/haptic"));
        }
        int r = xrSuggestInteractionProfileBindings(
                instance,
                XrInteractionProfileSuggestedBinding.calloc(stack)
                        .type$Default()
                        .interactionProfile(path(stack, SIMPLE_CONTROLLER))
                        .suggestedBindings(bindings));
        if (r < 0) {
            LOG.info("The runtime refused the simple controller bindings: {}", XrResults.name(r));
        }
        XrFailure.check(
                "xrAttachSessionActionSets",
                xrAttachSessionActionSets(
                        session,
                        XrSessionActionSetsAttachInfo.calloc(stack)
                                .type$Default()
                                .actionSets(stack.pointers(actionSet))));
    }

    private XrAction action(MemoryStack stack, String name, String localized, int type, LongBuffer subactions) {
        PointerBuffer pp = stack.mallocPointer(1);
        XrFailure.check(
                "xrCreateAction",
                xrCreateAction(
                        actionSet,
                        XrActionCreateInfo.calloc(stack)
                                .type$Default()
                                .actionName(stack.UTF8(name))
                                .localizedActionName(stack.UTF8(localized))
                                .actionType(type)
                                .subactionPaths(subactions),
                        pp));
        return new XrAction(pp.get(0), actionSet);
    }

    private void loop() {
        XrEventDataBuffer event = XrEventDataBuffer.calloc();
        XrFrameState frame = XrFrameState.calloc().type$Default();
        XrFrameWaitInfo waitInfo = XrFrameWaitInfo.calloc().type$Default();
        XrSpaceLocation location = XrSpaceLocation.calloc().type$Default();
        try {
            while (closing.getCount() > 0) {
                Runnable job;
                while ((job = work.poll()) != null) {
                    job.run();
                }
                pollEvents(event);
                if (sessionRunning) {
                    frame(waitInfo, frame, location);
                } else {
                    LockSupport.parkNanos(10_000_000L);
                }
            }
        } finally {
            event.free();
            frame.free();
            waitInfo.free();
            location.free();
        }
    }

    private void pollEvents(XrEventDataBuffer event) {
        while (true) {
            event.type$Default().next(0);
            int r = xrPollEvent(instance, event);
            if (r == XR_EVENT_UNAVAILABLE) {
                return;
            }
            XrFailure.check("xrPollEvent", r);
            switch (event.type()) {
                case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED:
                    sessionStateChanged(XrEventDataSessionStateChanged.create(event.address())
                            .state());
                    break;
                case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING:
                    throw new XrFailure("xrPollEvent (instance loss pending)", XrResults.XR_ERROR_INSTANCE_LOST);
                case XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED:
                    refreshProfiles();
                    break;
                default:
                    break;
            }
        }
    }

    private void sessionStateChanged(int state) {
        sessionState = state;
        switch (state) {
            case XR_SESSION_STATE_READY:
                try (MemoryStack stack = stackPush()) {
                    XrFailure.check(
                            "xrBeginSession",
                            xrBeginSession(
                                    session,
                                    XrSessionBeginInfo.calloc(stack)
                                            .type$Default()
                                            .primaryViewConfigurationType(XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)));
                }
                sessionRunning = true;
                break;
            case XR_SESSION_STATE_STOPPING:
                sessionRunning = false;
                XrFailure.check("xrEndSession", xrEndSession(session));
                break;
            case XR_SESSION_STATE_LOSS_PENDING:
                publish(status.withSessionState(stateName(state)));
                throw new XrFailure("session state LOSS_PENDING", XrResults.XR_ERROR_SESSION_LOST);
            case XR_SESSION_STATE_EXITING:
                publish(status.withSessionState(stateName(state)));
                throw new XrFailure("session state EXITING", XrResults.XR_ERROR_SESSION_LOST);
            default:
                break;
        }
        publish(status.withSessionState(stateName(state)));
    }

    private void refreshProfiles() {
        List<String> profiles = new ArrayList<>();
        try (MemoryStack stack = stackPush()) {
            XrInteractionProfileState state = XrInteractionProfileState.calloc(stack);
            for (int i = 0; i < HANDS.length; i++) {
                state.type$Default().next(0).interactionProfile(XR_NULL_PATH);
                int r = xrGetCurrentInteractionProfile(session, handPaths[i], state);
                if (r >= 0 && state.interactionProfile() != XR_NULL_PATH) {
                    profiles.add(HANDS[i] + "=" + pathString(stack, state.interactionProfile()));
                }
            }
        }
        publish(status.withCapabilities(capabilities(profiles), profiles));
    }

    private String pathString(MemoryStack stack, long path) {
        IntBuffer n = stack.mallocInt(1);
        XrFailure.check("xrPathToString", xrPathToString(instance, path, n, null));
        ByteBuffer buf = stack.malloc(n.get(0));
        XrFailure.check("xrPathToString", xrPathToString(instance, path, n, buf));
        return org.lwjgl.system.MemoryUtil.memUTF8(buf, n.get(0) - 1);
    }

    /** What a headset with this session can carry: overlays always, haptics once a controller is bound. */
    private static Set<String> capabilities(List<String> profiles) {
        Set<String> caps = new LinkedHashSet<>(List.of(CAP_OPEN_DIALOG, CAP_CAPTION, CAP_SPEAK, CAP_STOP_OVERLAY));
        if (!profiles.isEmpty()) {
            caps.add(CAP_HAPTIC);
        }
        return caps;
    }

    private void frame(XrFrameWaitInfo waitInfo, XrFrameState frame, XrSpaceLocation location) {
        XrFailure.check("xrWaitFrame", xrWaitFrame(session, waitInfo, frame));
        long period = frame.predictedDisplayPeriod();
        if (period > 0 && status.displayPeriodNanos() != period) {
            publish(status.withDisplayPeriod(period));
        }
        // the runtime's own pace; headless, xrWaitFrame returns at once and the configured period stands in
        long pace = period > 0 ? period : options.headlessPeriod().toNanos();
        if (pace > 0) {
            // a fixed schedule (no drift from late wake-ups), never catching up with a burst
            long now = System.nanoTime();
            nextFrameNanos = nextFrameNanos == 0 ? now : Math.max(nextFrameNanos + pace, now - pace);
            while ((now = System.nanoTime()) < nextFrameNanos) {
                LockSupport.parkNanos(nextFrameNanos - now);
            }
        }
        long mono = System.nanoTime();
        long xrTime = timespec ? toXrTime(mono) : frame.predictedDisplayTime();
        location.type$Default().next(0);
        XrFailure.check("xrLocateSpace", xrLocateSpace(viewSpace, baseSpace, xrTime, location));
        XrPosef p = location.pose();
        listener.pose(new HeadPose(
                baseSpaceName,
                p.position$().x(),
                p.position$().y(),
                p.position$().z(),
                p.orientation().x(),
                p.orientation().y(),
                p.orientation().z(),
                p.orientation().w(),
                location.locationFlags(),
                xrTime,
                mono));
        if (sessionState == XR_SESSION_STATE_FOCUSED) {
            syncActions();
        }
    }

    private long toXrTime(long monotonicNanos) {
        try (MemoryStack stack = stackPush()) {
            KernelTimespec ts = KernelTimespec.calloc(stack)
                    .tv_sec(monotonicNanos / 1_000_000_000L)
                    .tv_nsec(monotonicNanos % 1_000_000_000L);
            LongBuffer out = stack.mallocLong(1);
            XrFailure.check(
                    "xrConvertTimespecTimeToTimeKHR",
                    KHRConvertTimespecTime.xrConvertTimespecTimeToTimeKHR(instance, ts.address(), out));
            return out.get(0);
        }
    }

    private void syncActions() {
        try (MemoryStack stack = stackPush()) {
            XrActiveActionSet.Buffer active = XrActiveActionSet.calloc(1, stack);
            active.get(0).actionSet(actionSet).subactionPath(XR_NULL_PATH);
            int r = xrSyncActions(
                    session, XrActionsSyncInfo.calloc(stack).type$Default().activeActionSets(active));
            XrFailure.check("xrSyncActions", r);
            XrActionStateBoolean state = XrActionStateBoolean.calloc(stack);
            XrActionStateGetInfo info = XrActionStateGetInfo.calloc(stack).type$Default();
            for (int i = 0; i < HANDS.length; i++) {
                for (XrAction a : new XrAction[] {select, menu}) {
                    state.type$Default().next(0);
                    info.action(a).subactionPath(handPaths[i]);
                    XrFailure.check("xrGetActionStateBoolean", xrGetActionStateBoolean(session, info, state));
                    if (state.isActive() && state.changedSinceLastSync()) {
                        listener.input(HANDS[i], a == select ? "select" : "menu", state.currentState());
                    }
                }
            }
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case XR_SESSION_STATE_IDLE -> "IDLE";
            case XR_SESSION_STATE_READY -> "READY";
            case XR_SESSION_STATE_SYNCHRONIZED -> "SYNCHRONIZED";
            case XR_SESSION_STATE_VISIBLE -> "VISIBLE";
            case XR_SESSION_STATE_FOCUSED -> "FOCUSED";
            case XR_SESSION_STATE_STOPPING -> "STOPPING";
            case XR_SESSION_STATE_LOSS_PENDING -> "LOSS_PENDING";
            case XR_SESSION_STATE_EXITING -> "EXITING";
            default -> "UNKNOWN";
        };
    }

    /** Destroys whatever exists; safe after a loss (destroy calls are allowed on lost handles). */
    private void teardown() {
        sessionRunning = false;
        nextFrameNanos = 0;
        if (actionSet != null) {
            xrDestroyActionSet(actionSet);
            actionSet = null;
            select = null;
            menu = null;
            haptic = null;
        }
        if (viewSpace != null) {
            xrDestroySpace(viewSpace);
            viewSpace = null;
        }
        if (baseSpace != null) {
            xrDestroySpace(baseSpace);
            baseSpace = null;
        }
        if (session != null) {
            xrDestroySession(session);
            session = null;
        }
        if (instance != null) {
            xrDestroyInstance(instance);
            instance = null;
        }
        Runnable job;
        while ((job = work.poll()) != null) {
            job.run(); // fails: no session
        }
    }

    /** Stops the thread; it destroys the session and the instance on its way out. */
    @Override
    public void close() {
        closing.countDown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
