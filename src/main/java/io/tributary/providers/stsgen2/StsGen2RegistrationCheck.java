package io.tributary.providers.stsgen2;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The {@code sts-gen2-registration} check of {@code /observe/health}: the registration's state
 * (with the reason of a failure, such as a refused sign-in) and how tokens are obtained. Neither
 * liveness nor readiness, so a failed registration never takes webhooks down.
 */
final class StsGen2RegistrationCheck extends AbstractHealthCheck {

    private final StsGen2Registrar registrar;

    StsGen2RegistrationCheck(StsGen2Registrar registrar) {
        super("tributary", "sts-gen2-registration");
        this.registrar = registrar;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("state", registrar.state());
        builder.detail("auth", registrar.auth());
        if (registrar.registered()) {
            builder.up();
        } else {
            builder.message("STS Gen2 registration " + registrar.state()).down();
        }
    }
}
