package io.tributary.providers.stsgen2;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Oracle's OpenID provider as Tributary uses it: both calls return the token endpoint's answer
 * ({@code id_token}, {@code expires_in}, {@code refresh_token}). A seam so that token planning
 * can be tested without HTTP.
 */
interface StsGen2Oidc {

    /**
     * Authorize, sign in and exchange the code.
     *
     * @throws io.tributary.http.ApiException with a message that names the step and never a secret
     */
    JsonNode signIn();

    /** @throws io.tributary.http.ApiException a 4xx when the refresh token is refused (expired, revoked) */
    JsonNode refresh(String refreshToken);
}
