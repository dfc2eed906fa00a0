package org.aiverse.headset.internal;

import java.util.Map;

/** Names of OpenXR result codes (OpenXR 1.0 {@code XrResult}), for health reasons and logs. */
final class XrResults {

    static final int XR_SUCCESS = 0;
    static final int XR_ERROR_RUNTIME_FAILURE = -2;
    static final int XR_ERROR_INSTANCE_LOST = -13;
    static final int XR_ERROR_SESSION_LOST = -17;
    static final int XR_ERROR_RUNTIME_UNAVAILABLE = -51;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "XR_SUCCESS"),
            Map.entry(1, "XR_TIMEOUT_EXPIRED"),
            Map.entry(3, "XR_SESSION_LOSS_PENDING"),
            Map.entry(4, "XR_EVENT_UNAVAILABLE"),
            Map.entry(7, "XR_SPACE_BOUNDS_UNAVAILABLE"),
            Map.entry(8, "XR_SESSION_NOT_FOCUSED"),
            Map.entry(9, "XR_FRAME_DISCARDED"),
            Map.entry(-1, "XR_ERROR_VALIDATION_FAILURE"),
            Map.entry(-2, "XR_ERROR_RUNTIME_FAILURE"),
            Map.entry(-3, "XR_ERROR_OUT_OF_MEMORY"),
            Map.entry(-4, "XR_ERROR_API_VERSION_UNSUPPORTED"),
            Map.entry(-6, "XR_ERROR_INITIALIZATION_FAILED"),
            Map.entry(-7, "XR_ERROR_FUNCTION_UNSUPPORTED"),
            Map.entry(-8, "XR_ERROR_FEATURE_UNSUPPORTED"),
            Map.entry(-9, "XR_ERROR_EXTENSION_NOT_PRESENT"),
            Map.entry(-10, "XR_ERROR_LIMIT_REACHED"),
            Map.entry(-11, "XR_ERROR_SIZE_INSUFFICIENT"),
            Map.entry(-12, "XR_ERROR_HANDLE_INVALID"),
            Map.entry(-13, "XR_ERROR_INSTANCE_LOST"),
            Map.entry(-14, "XR_ERROR_SESSION_RUNNING"),
            Map.entry(-16, "XR_ERROR_SESSION_NOT_RUNNING"),
            Map.entry(-17, "XR_ERROR_SESSION_LOST"),
            Map.entry(-18, "XR_ERROR_SYSTEM_INVALID"),
            Map.entry(-19, "XR_ERROR_PATH_INVALID"),
            Map.entry(-20, "XR_ERROR_PATH_COUNT_EXCEEDED"),
            Map.entry(-21, "XR_ERROR_PATH_FORMAT_INVALID"),
            Map.entry(-22, "XR_ERROR_PATH_UNSUPPORTED"),
            Map.entry(-23, "XR_ERROR_LAYER_INVALID"),
            Map.entry(-24, "XR_ERROR_LAYER_LIMIT_EXCEEDED"),
            Map.entry(-26, "XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED"),
            Map.entry(-27, "XR_ERROR_ACTION_TYPE_MISMATCH"),
            Map.entry(-28, "XR_ERROR_SESSION_NOT_READY"),
            Map.entry(-29, "XR_ERROR_SESSION_NOT_STOPPING"),
            Map.entry(-30, "XR_ERROR_TIME_INVALID"),
            Map.entry(-31, "XR_ERROR_REFERENCE_SPACE_UNSUPPORTED"),
            Map.entry(-32, "XR_ERROR_FILE_ACCESS_ERROR"),
            Map.entry(-33, "XR_ERROR_FILE_CONTENTS_INVALID"),
            Map.entry(-34, "XR_ERROR_FORM_FACTOR_UNSUPPORTED"),
            Map.entry(-35, "XR_ERROR_FORM_FACTOR_UNAVAILABLE"),
            Map.entry(-36, "XR_ERROR_API_LAYER_NOT_PRESENT"),
            Map.entry(-37, "XR_ERROR_CALL_ORDER_INVALID"),
            Map.entry(-38, "XR_ERROR_GRAPHICS_DEVICE_INVALID"),
            Map.entry(-39, "XR_ERROR_POSE_INVALID"),
            Map.entry(-40, "XR_ERROR_INDEX_OUT_OF_RANGE"),
            Map.entry(-41, "XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED"),
            Map.entry(-42, "XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED"),
            Map.entry(-44, "XR_ERROR_NAME_DUPLICATED"),
            Map.entry(-45, "XR_ERROR_NAME_INVALID"),
            Map.entry(-46, "XR_ERROR_ACTIONSET_NOT_ATTACHED"),
            Map.entry(-47, "XR_ERROR_ACTIONSETS_ALREADY_ATTACHED"),
            Map.entry(-48, "XR_ERROR_LOCALIZED_NAME_DUPLICATED"),
            Map.entry(-49, "XR_ERROR_LOCALIZED_NAME_INVALID"),
            Map.entry(-50, "XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING"),
            Map.entry(-51, "XR_ERROR_RUNTIME_UNAVAILABLE"));

    private XrResults() {}

    /** The symbolic name of a result, e.g. {@code XR_ERROR_RUNTIME_UNAVAILABLE}; unknown codes by number. */
    static String name(int result) {
        String n = NAMES.get(result);
        return n != null ? n : (result < 0 ? "XR_ERROR_" : "XR_RESULT_") + result;
    }

    /** Whether the result means the runtime or the session is gone and the link must be rebuilt. */
    static boolean isLoss(int result) {
        return result == XR_ERROR_INSTANCE_LOST
                || result == XR_ERROR_SESSION_LOST
                || result == XR_ERROR_RUNTIME_FAILURE
                || result == XR_ERROR_RUNTIME_UNAVAILABLE;
    }
}
