package org.aiverse.headset.internal;

/** An OpenXR call that failed, with its result code and the call that returned it. */
final class XrFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int result;
    private final String call;

    XrFailure(String call, int result) {
        super(call + " returned " + XrResults.name(result) + " (" + result + ")", null, false, false);
        this.call = call;
        this.result = result;
    }

    /** The {@code XrResult}. */
    int result() {
        return result;
    }

    /** The call that failed, e.g. {@code xrCreateInstance}. */
    String call() {
        return call;
    }

    /** The result's symbolic name. */
    String resultName() {
        return XrResults.name(result);
    }

    /** Fails unless the result is a success code (zero or positive). */
    static int check(String call, int result) {
        if (result < 0) {
            throw new XrFailure(call, result);
        }
        return result;
    }
}
