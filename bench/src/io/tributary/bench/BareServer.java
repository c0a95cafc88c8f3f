package io.tributary.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The ceiling for webhooks: a bare Vert.x HTTP server (the server Tributary's platform-http runs
 * on) that reads each body and answers 200, in its own JVM like Tributary. Argument: port.
 */
public final class BareServer {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx.vertx().createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(req -> req.body().onSuccess(body -> req.response().setStatusCode(200)
                        .putHeader("Content-Type", "application/json").end("{\"status\":\"accepted\"}")))
                .listen().toCompletionStage().toCompletableFuture().join();
        System.out.println("bare server listening on 127.0.0.1:" + port);
    }
}
