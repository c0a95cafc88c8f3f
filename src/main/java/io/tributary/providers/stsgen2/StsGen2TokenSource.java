package io.tributary.providers.stsgen2;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured STS Gen2 token source (bean {@code stsGen2Tokens}): the API account's sign-in
 * when any sign-in setting is given, otherwise the static token. Chosen on first use, once Camel
 * has set every property; a configuration error then shows in the registration's health.
 */
public final class StsGen2TokenSource implements StsGen2Tokens {

    /** Oracle's documented paths under {@code {auth}} and redirect URI for machine clients. */
    static final String AUTHORIZE_PATH = "/oidc-provider/v1/oauth2/authorize";
    static final String SIGNIN_PATH = "/oidc-provider/v1/oauth2/signin";
    static final String TOKEN_PATH = "/oidc-provider/v1/oauth2/token";
    static final String REDIRECT_URI = "apiaccount://callback";

    private String token;
    private String baseUrl;
    private String authUrl;
    private String authorizePath = AUTHORIZE_PATH;
    private String signInPath = SIGNIN_PATH;
    private String tokenPath = TOKEN_PATH;
    private String redirectUri = REDIRECT_URI;
    private String clientId;
    private String username;
    private String password;
    private String orgShortName;
    private StsGen2Tokens delegate;

    private synchronized StsGen2Tokens delegate() {
        if (delegate == null) {
            delegate = create();
        }
        return delegate;
    }

    private StsGen2Tokens create() {
        if (clientId == null && username == null && password == null) {
            if (token == null) {
                throw new IllegalStateException("set tributary.sts-gen2.token, or client-id, username and password to sign in");
            }
            return new StsGen2StaticToken(token);
        }
        List<String> missing = new ArrayList<>();
        String auth = authUrl != null ? authUrl : baseUrl;
        for (String[] s : new String[][] {{"client-id", clientId}, {"username", username}, {"password", password},
                {"org-short-name", orgShortName}, {"auth-url", auth}}) {
            if (s[1] == null) {
                missing.add("tributary.sts-gen2." + s[0]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("sign-in needs " + String.join(", ", missing));
        }
        String root = auth.replaceAll("/+$", "");
        var endpoints = new StsGen2OidcHttp.Endpoints(root + authorizePath, root + signInPath, root + tokenPath, redirectUri);
        return new StsGen2OidcTokens(new StsGen2OidcHttp(endpoints, clientId, username, password, orgShortName), Clock.systemUTC());
    }

    @Override
    public String current() {
        return delegate().current();
    }

    @Override
    public boolean rejected(String token) {
        return delegate().rejected(token);
    }

    @Override
    public String describe() {
        try {
            return delegate().describe();
        } catch (IllegalStateException e) {
            return "not configured: " + e.getMessage();
        }
    }

    public void setToken(String token) {
        this.token = blankToNull(token);
    }

    /** STS Gen2's own URL: where the OpenID provider is unless {@code auth-url} says otherwise. */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = blankToNull(baseUrl);
    }

    public void setAuthUrl(String authUrl) {
        this.authUrl = blankToNull(authUrl);
    }

    public void setAuthorizePath(String path) {
        this.authorizePath = orDefault(path, AUTHORIZE_PATH);
    }

    public void setSignInPath(String path) {
        this.signInPath = orDefault(path, SIGNIN_PATH);
    }

    public void setTokenPath(String path) {
        this.tokenPath = orDefault(path, TOKEN_PATH);
    }

    public void setRedirectUri(String redirectUri) {
        this.redirectUri = orDefault(redirectUri, REDIRECT_URI);
    }

    public void setClientId(String clientId) {
        this.clientId = blankToNull(clientId);
    }

    public void setUsername(String username) {
        this.username = blankToNull(username);
    }

    /** Not trimmed: spaces may belong to a password. */
    public void setPassword(String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    /** The sign-in's {@code orgname}: the same organisation short name the subscriptions name. */
    public void setOrgShortName(String orgShortName) {
        this.orgShortName = blankToNull(orgShortName);
    }

    private static String orDefault(String s, String fallback) {
        String v = blankToNull(s);
        return v == null ? fallback : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
