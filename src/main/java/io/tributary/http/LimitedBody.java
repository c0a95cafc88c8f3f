package io.tributary.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory, never more than {@code max} bytes of it. A 2xx answer larger
 * than that fails with {@link TooLarge}: refused from its Content-Length before a byte is read, or
 * aborted as soon as the bytes read pass the limit. An error answer is only kept for its message
 * and retry hints, so it is cut at 64 KiB (or the limit) instead of failing. Either way the subscription is
 * cancelled, which closes the connection. {@link #abort} does the same when the call's deadline passes.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer was larger than the limit; carries the status, for the ApiException. */
    static final class TooLarge extends IOException {
        final int status;

        TooLarge(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static final long ERROR_BYTES = 64 * 1024;

    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final int status;
    private final long max;
    private final boolean cut;
    private byte[] bytes;
    private int length;
    private volatile Flow.Subscription subscription;
    private volatile boolean aborted;

    private LimitedBody(int status, long max, long declared) {
        this.status = status;
        this.cut = status / 100 != 2;
        this.max = cut ? Math.min(max, ERROR_BYTES) : max; // an error answer is read for its words and retry hints only
        // A declared length within the limit is allocated once, exactly: no growing copies of a big page.
        this.bytes = new byte[(int) (declared >= 0 && declared <= max ? declared : Math.min(8192, max))];
    }

    /** A handler that gives each response a LimitedBody and hands it to {@code opened}, so a deadline can abort it. */
    static HttpResponse.BodyHandler<byte[]> handler(long max, java.util.function.Consumer<LimitedBody> opened) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            LimitedBody b = new LimitedBody(info.statusCode(), max, declared);
            opened.accept(b);
            if (declared > max && !b.cut) {
                b.fail(new TooLarge(info.statusCode(), "declared " + declared + " bytes"));
            }
            return b;
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (aborted || body.isDone()) {
            s.cancel(); // refused before reading: closing the connection is cheaper than draining it
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int n = buffer.remaining();
            if (length + (long) n > max) {
                if (cut) {
                    buffer.get(room(length + (int) (max - length)), length, (int) (max - length));
                    length = (int) max;
                    complete();
                    cancel(); // the rest of an error answer is not needed: close rather than drain
                } else {
                    fail(new TooLarge(status, "read more than " + max + " bytes"));
                }
                return;
            }
            buffer.get(room(length + n), length, n);
            length += n;
        }
        subscription.request(1);
    }

    private byte[] room(int needed) {
        if (needed > bytes.length) {
            long grown = Math.max(needed, Math.min((long) bytes.length * 2, max));
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
        return bytes;
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        complete();
    }

    private void complete() {
        body.complete(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }

    private void fail(Throwable t) {
        body.completeExceptionally(t);
        cancel();
    }

    /** The call's deadline passed: stop reading and close the connection. */
    void abort() {
        aborted = true;
        fail(new IOException("aborted at the deadline"));
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
