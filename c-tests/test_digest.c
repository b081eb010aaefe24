/* Digest authentication through the C API: known answers, every verdict and error
 * status, NULL in every pointer position, buffers one byte short, a client/server round
 * trip and the stale flow. */
#include "harness.h"

#define TXT(s) (s), strlen(s)

static const char REALM[] = "example.com";
static const char URI[] = "sip:example.com";

static sipsec_digest_server *new_server(const char *algorithms, const char *qop)
{
    static const uint8_t secret[32] = "a fixed secret for the C tests.";
    sipsec_digest_server *server = NULL;
    CHECK_STATUS(sipsec_digest_server_new_with_secret(TXT(REALM), TXT(algorithms), TXT(qop),
                                                      300, 0, secret, sizeof secret, &server),
                 SIPSEC_OK);
    CHECK_STATUS(sipsec_digest_server_add_user(server, TXT("alice"), TXT("secret")), SIPSEC_OK);
    return server;
}

static void challenge_of(const sipsec_digest_server *server, size_t index, bool stale,
                         char *out, size_t cap)
{
    size_t len = 0;
    CHECK_STATUS(sipsec_digest_server_challenge(server, index, stale, out, cap, &len), SIPSEC_OK);
    CHECK(len == strlen(out));
}

/* Copies the value of `name="..."` (or name=token) from a header value into `out`. */
static void param_of(const char *value, const char *name, char *out, size_t cap)
{
    char key[32];
    const char *at;
    size_t n = 0;
    snprintf(key, sizeof key, "%s=", name);
    at = strstr(value, key);
    out[0] = '\0';
    if (at == NULL) {
        return;
    }
    at += strlen(key);
    if (*at == '"') {
        at++;
    }
    while (at[n] != '\0' && at[n] != '"' && at[n] != ',' && n + 1 < cap) {
        n++;
    }
    memcpy(out, at, n);
    out[n] = '\0';
}

/* Builds credentials by hand for a challenge, so each field can be bent. */
static void build_auth(const char *challenge, const char *algorithm, const char *qop,
                       const char *user, const char *password, const char *uri,
                       const char *opaque_override, char *out, size_t cap)
{
    char nonce[128], opaque[128], response[80], qop_part[64] = "";
    size_t len = 0;
    param_of(challenge, "nonce", nonce, sizeof nonce);
    param_of(challenge, "opaque", opaque, sizeof opaque);
    if (opaque_override != NULL) {
        snprintf(opaque, sizeof opaque, "%s", opaque_override);
    }
    CHECK_STATUS(sipsec_digest_response(TXT(user), TXT(password), TXT(REALM), TXT("REGISTER"),
                                        TXT(uri), TXT(nonce), TXT(algorithm), TXT(qop),
                                        TXT("00000001"), TXT("0a4f113b"), NULL, 0,
                                        response, sizeof response, &len),
                 SIPSEC_OK);
    if (qop[0] != '\0') {
        snprintf(qop_part, sizeof qop_part, ", qop=%s, nc=00000001", qop);
    }
    snprintf(out, cap,
             "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
             "response=\"%s\", algorithm=%s, cnonce=\"0a4f113b\", opaque=\"%s\"%s",
             user, REALM, nonce, uri, response, algorithm, opaque, qop_part);
}

static sipsec_digest_verdict verify(const sipsec_digest_server *server, const char *uri,
                                    const char *authorization)
{
    sipsec_digest_verdict verdict = {SIPSEC_DIGEST_REJECTED, SIPSEC_DIGEST_REASON_NONE};
    CHECK_STATUS(sipsec_digest_server_verify(server, TXT("REGISTER"), TXT(uri),
                                             TXT(authorization), NULL, 0, &verdict, NULL, 0,
                                             NULL),
                 SIPSEC_OK);
    return verdict;
}

#define CHECK_VERDICT(v, out, why)                                                 \
    do {                                                                           \
        sipsec_digest_verdict v_ = (v);                                            \
        CHECK(v_.outcome == (out));                                                \
        if (v_.reason != (why)) {                                                  \
            fprintf(stderr, "%s:%d: reason %s, expected %s\n", __FILE__, __LINE__, \
                    sipsec_digest_reason_str(v_.reason),                           \
                    sipsec_digest_reason_str(why));                                \
            harness_current_failures++;                                            \
        }                                                                          \
    } while (0)

struct known_answer {
    const char *name, *user, *password, *realm, *method, *uri, *nonce, *algorithm, *qop,
        *nc, *cnonce, *body, *response;
};

static const struct known_answer VECTORS[] = {
    {"RFC 2617 3.5", "Mufasa", "Circle Of Life", "testrealm@host.com", "GET",
     "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "MD5", "auth", "00000001",
     "0a4f113b", "", "6629fae49393a05397450978507c4ef1"},
    {"RFC 7616 3.9.1 MD5", "Mufasa", "Circle of Life", "http-auth@example.org", "GET",
     "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "MD5", "auth",
     "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "",
     "8ca523f5e9506fed4657c9700eebdbec"},
    {"RFC 7616 3.9.1 SHA-256", "Mufasa", "Circle of Life", "http-auth@example.org", "GET",
     "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "SHA-256", "auth",
     "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "",
     "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"},
    {"RFC 7616 3.9.2 SHA-512-256 (corrected)", "J\xc3\xa4s\xc3\xb8n Doe", "Secret, or not?",
     "api@example.org", "GET", "/doe.json", "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK",
     "SHA-512-256", "auth", "00000001", "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", "",
     "3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5"},
    {"SIP S1 no qop", "alice", "secret", "example.com", "REGISTER", "sip:example.com",
     "dcd98b7102dd2f0e8b11d0f600bfb0c093", "MD5", "", "", "", "",
     "b75dc11e0cde1fc2f921ce28378036bb"},
    {"SIP S3 nc hex", "alice", "secret", "example.com", "REGISTER", "sip:example.com",
     "dcd98b7102dd2f0e8b11d0f600bfb0c093", "MD5", "auth", "0000000a", "0a4f113b", "",
     "89dc476094a7a8b313605f97af0331bd"},
    {"SIP S5 auth-int", "alice", "secret", "example.com", "INVITE", "sip:bob@example.com",
     "dcd98b7102dd2f0e8b11d0f600bfb0c093", "MD5", "auth-int", "00000001", "0a4f113b",
     "v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
     "m=audio 49170 RTP/AVP 0\r\n",
     "20c5e21710daf60c5aa047a6e107d232"},
    {"SIP S6 MD5-sess", "alice", "secret", "example.com", "REGISTER", "sip:example.com",
     "dcd98b7102dd2f0e8b11d0f600bfb0c093", "MD5-sess", "auth", "00000001", "0a4f113b", "",
     "f017e479dbee9ec264fe1118766c910d"},
    {"SIP S10 SHA-256-sess", "alice", "secret", "example.com", "REGISTER", "sip:example.com",
     "dcd98b7102dd2f0e8b11d0f600bfb0c093", "SHA-256-sess", "auth", "00000001", "0a4f113b",
     "", "c8056e9b20073f71d54f466a0927ac81f5a052f5824731301eb6534707304a98"},
};

static void known_answers(void)
{
    size_t i;
    for (i = 0; i < sizeof VECTORS / sizeof VECTORS[0]; i++) {
        const struct known_answer *v = &VECTORS[i];
        char out[80];
        size_t len = 0;
        CHECK_STATUS(sipsec_digest_response(TXT(v->user), TXT(v->password), TXT(v->realm),
                                            TXT(v->method), TXT(v->uri), TXT(v->nonce),
                                            TXT(v->algorithm), TXT(v->qop), TXT(v->nc),
                                            TXT(v->cnonce), (const uint8_t *)v->body,
                                            strlen(v->body), out, sizeof out, &len),
                     SIPSEC_OK);
        if (strcmp(out, v->response) != 0) {
            fprintf(stderr, "vector %s: got %s\n", v->name, out);
            harness_current_failures++;
        }
        CHECK(len == strlen(v->response));
    }
}

static void response_errors_and_buffers(void)
{
    char out[80];
    size_t len = 0;
#define RESP(alg, qop, nc, cnonce, cap)                                                   \
    sipsec_digest_response(TXT("a"), TXT("p"), TXT("r"), TXT("GET"), TXT("/"), TXT("n"), \
                           TXT(alg), TXT(qop), TXT(nc), TXT(cnonce), NULL, 0, out, cap, &len)
    CHECK_STATUS(RESP("SHA-1", "auth", "00000001", "c", sizeof out),
                 SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM);
    CHECK_STATUS(RESP("MD5", "auth-conf", "00000001", "c", sizeof out),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(RESP("MD5", "auth", "1", "c", sizeof out), SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK(strstr(sipsec_last_error_message(), "nc") != NULL);
    CHECK_STATUS(sipsec_digest_response(TXT("a"), TXT("p"), TXT("r"), TXT("GET"), TXT("/"),
                                        TXT("n"), TXT("MD5"), TXT("auth"), NULL, 0, TXT("c"),
                                        NULL, 0, out, sizeof out, &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_digest_response(TXT("a"), TXT("p"), TXT("r"), TXT("GET"), TXT("/"),
                                        TXT("n"), TXT("MD5-sess"), NULL, 0, NULL, 0, NULL, 0,
                                        NULL, 0, out, sizeof out, &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_digest_response(TXT("\xff"), TXT("p"), TXT("r"), TXT("GET"),
                                        TXT("/"), TXT("n"), TXT("MD5"), NULL, 0, NULL, 0,
                                        NULL, 0, NULL, 0, out, sizeof out, &len),
                 SIPSEC_ERR_INVALID_UTF8);

    CHECK_STATUS(RESP("MD5", "auth", "00000001", "c", 32), SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 33);
    CHECK_STATUS(RESP("SHA-256", "auth", "00000001", "c", 64), SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 65);
    CHECK_STATUS(RESP("SHA-256", "auth", "00000001", "c", 65), SIPSEC_OK);
    CHECK(len == 64 && strlen(out) == 64);
    CHECK_STATUS(RESP("", "", "", "", 33), SIPSEC_OK);
    CHECK(len == 32);
#undef RESP
}

static void server_construction_errors(void)
{
    sipsec_digest_server *server = NULL;
    uint8_t short_secret[8] = {0};
    CHECK_STATUS(sipsec_digest_server_new(TXT(REALM), TXT("SHA-1"), TXT("auth"), 0, 0, &server),
                 SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM);
    CHECK_STATUS(sipsec_digest_server_new(TXT(REALM), TXT(""), TXT("auth"), 0, 0, &server),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_digest_server_new(TXT(REALM), TXT("MD5,md5"), TXT("auth"), 0, 0,
                                          &server),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_digest_server_new(TXT(REALM), TXT("MD5"), TXT("auth-conf"), 0, 0,
                                          &server),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_digest_server_new(TXT(""), TXT("MD5"), TXT("auth"), 0, 0, &server),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK_STATUS(sipsec_digest_server_new_with_secret(TXT(REALM), TXT("MD5"), TXT("auth"), 0,
                                                      0, short_secret, sizeof short_secret,
                                                      &server),
                 SIPSEC_ERR_INVALID_ARGUMENT);
    CHECK(server == NULL);

    CHECK_STATUS(sipsec_digest_server_new(TXT(REALM), TXT(" sha-256 , MD5-SESS "),
                                          TXT("auth,auth-int"), 60, 16, &server),
                 SIPSEC_OK);
    CHECK(server != NULL);
    CHECK_STATUS(sipsec_digest_server_add_user_ha1(server, TXT("bob"), TXT("MD5"),
                                                   TXT("b1726872c344b6dc8365b774f8fd641")),
                 SIPSEC_ERR_DIGEST_BAD_HA1);
    CHECK_STATUS(sipsec_digest_server_add_user_ha1(server, TXT("bob"), TXT("SHA-1"),
                                                   TXT("b1726872c344b6dc8365b774f8fd6412")),
                 SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM);
    CHECK_STATUS(sipsec_digest_server_add_user_ha1(server, TXT("bob"), TXT("md5"),
                                                   TXT("B1726872C344B6DC8365B774F8FD6412")),
                 SIPSEC_OK);
    sipsec_digest_server_free(server);
    sipsec_digest_server_free(NULL);
}

static void round_trip_and_replay(void)
{
    sipsec_digest_server *server = new_server("SHA-256,MD5", "auth");
    sipsec_digest_client *client = NULL;
    char first[512], second[512], auth[1024], username[64];
    sipsec_str challenges[2];
    size_t count = 0, len = 0, tracked = 9;
    sipsec_digest_verdict verdict;

    CHECK_STATUS(sipsec_digest_server_algorithm_count(server, &count), SIPSEC_OK);
    CHECK(count == 2);
    challenge_of(server, 0, false, first, sizeof first);
    challenge_of(server, 1, false, second, sizeof second);
    CHECK(strstr(first, "algorithm=SHA-256") != NULL);
    CHECK(strstr(second, "algorithm=MD5") != NULL);
    CHECK_STATUS(sipsec_digest_server_challenge(server, 2, false, first, sizeof first, &len),
                 SIPSEC_ERR_INVALID_ARGUMENT);

    challenges[0].ptr = second;
    challenges[0].len = strlen(second);
    challenges[1].ptr = first;
    challenges[1].len = strlen(first);
    CHECK_STATUS(sipsec_digest_client_new(TXT("alice"), TXT("secret"), &client), SIPSEC_OK);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), challenges,
                                                2, NULL, 0, auth, sizeof auth, &len),
                 SIPSEC_OK);
    CHECK(strstr(auth, "algorithm=SHA-256") != NULL);

    CHECK_STATUS(sipsec_digest_server_verify(server, TXT("REGISTER"), TXT(URI), TXT(auth), NULL,
                                             0, &verdict, username, sizeof username, &len),
                 SIPSEC_OK);
    CHECK_VERDICT(verdict, SIPSEC_DIGEST_OK, SIPSEC_DIGEST_REASON_NONE);
    CHECK_STR(username, "alice");
    CHECK(len == 5);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED, SIPSEC_DIGEST_REASON_REPLAY);
    CHECK_STATUS(sipsec_digest_server_tracked_nonces(server, &tracked), SIPSEC_OK);
    CHECK(tracked == 1);

    /* The same nonce again: the client counts up and the server accepts it. */
    CHECK_STATUS(sipsec_digest_client_reset(client), SIPSEC_OK);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), challenges,
                                                2, NULL, 0, auth, sizeof auth, &len),
                 SIPSEC_OK);
    CHECK(strstr(auth, "nc=00000002") != NULL);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_OK, SIPSEC_DIGEST_REASON_NONE);

    sipsec_digest_client_free(client);
    sipsec_digest_client_free(NULL);
    sipsec_digest_server_free(server);
}

static void every_verdict(void)
{
    sipsec_digest_server *server = new_server("SHA-256,MD5", "auth");
    char sha[512], md5[512], auth[1024];
    challenge_of(server, 0, false, sha, sizeof sha);
    challenge_of(server, 1, false, md5, sizeof md5);

    build_auth(md5, "MD5", "auth", "alice", "secret", URI, NULL, auth, sizeof auth);
    CHECK_VERDICT(verify(server, "sip:other.example.com", auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_URI_MISMATCH);
    build_auth(sha, "MD5", "auth", "alice", "secret", URI, NULL, auth, sizeof auth);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_ALGORITHM_MISMATCH);
    build_auth(md5, "MD5", "", "alice", "secret", URI, NULL, auth, sizeof auth);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_QOP_MISMATCH);
    build_auth(md5, "MD5", "auth", "alice", "secret", URI, "0123", auth, sizeof auth);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_OPAQUE_MISMATCH);
    build_auth("nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"", "MD5", "auth", "alice", "secret",
               URI, NULL, auth, sizeof auth);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_BAD_NONCE);
    build_auth(md5, "MD5", "auth", "mallory", "secret", URI, NULL, auth, sizeof auth);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_UNKNOWN_USER);
    build_auth(md5, "MD5", "auth", "alice", "guess", URI, NULL, auth, sizeof auth);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_BAD_RESPONSE);

    CHECK_VERDICT(verify(server, URI, "Digest username=\"alice\", nc=1"),
                  SIPSEC_DIGEST_REJECTED, SIPSEC_DIGEST_REASON_MALFORMED);
    CHECK(strstr(sipsec_last_error_message(), "authorization") != NULL);
    CHECK_STATUS(sipsec_last_error_status(), SIPSEC_OK);
    CHECK_VERDICT(verify(server, URI, "Digest realm=\"a\xff\""), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_MALFORMED);

    build_auth(md5, "MD5", "auth", "alice", "secret", URI, NULL, auth, sizeof auth);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_OK, SIPSEC_DIGEST_REASON_NONE);
    CHECK_VERDICT(verify(server, URI, auth), SIPSEC_DIGEST_REJECTED,
                  SIPSEC_DIGEST_REASON_REPLAY);
    sipsec_digest_server_free(server);

    {
        sipsec_digest_server *other = NULL;
        CHECK_STATUS(sipsec_digest_server_new(TXT("other.example"), TXT("MD5"), TXT("auth"), 0,
                                              0, &other),
                     SIPSEC_OK);
        CHECK_VERDICT(verify(other, URI, auth), SIPSEC_DIGEST_REJECTED,
                      SIPSEC_DIGEST_REASON_WRONG_REALM);
        sipsec_digest_server_free(other);
    }
}

static void reason_words(void)
{
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_NONE), "none");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_STALE_NONCE), "stale_nonce");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_MALFORMED), "malformed");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_WRONG_REALM), "wrong_realm");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_URI_MISMATCH), "uri_mismatch");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_ALGORITHM_MISMATCH),
              "algorithm_mismatch");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_QOP_MISMATCH), "qop_mismatch");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_OPAQUE_MISMATCH),
              "opaque_mismatch");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_BAD_NONCE), "bad_nonce");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_REPLAY), "replay");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_UNKNOWN_USER), "unknown_user");
    CHECK_STR(sipsec_digest_reason_str(SIPSEC_DIGEST_REASON_BAD_RESPONSE), "bad_response");
    CHECK_STR(sipsec_digest_reason_str(-1), "unknown");
    CHECK_STR(sipsec_digest_reason_str(12), "unknown");
}

static void stale_flow(void)
{
    sipsec_digest_server *before = new_server("MD5", "auth");
    sipsec_digest_server *after;
    sipsec_digest_client *client = NULL;
    char challenge[512], auth[1024];
    sipsec_str list[1];
    size_t len = 0;

    challenge_of(before, 0, false, challenge, sizeof challenge);
    list[0].ptr = challenge;
    list[0].len = strlen(challenge);
    CHECK_STATUS(sipsec_digest_client_new(TXT("alice"), TXT("secret"), &client), SIPSEC_OK);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1, NULL,
                                                0, auth, sizeof auth, &len),
                 SIPSEC_OK);

    /* A restarted server with the same key knows the nonce is its own but has no replay
     * record for it, so it asks for a fresh one with stale=true. */
    after = new_server("MD5", "auth");
    CHECK_VERDICT(verify(after, URI, auth), SIPSEC_DIGEST_STALE, SIPSEC_DIGEST_REASON_STALE_NONCE);
    challenge_of(after, 0, true, challenge, sizeof challenge);
    CHECK(strstr(challenge, "stale=true") != NULL);
    list[0].ptr = challenge;
    list[0].len = strlen(challenge);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1, NULL,
                                                0, auth, sizeof auth, &len),
                 SIPSEC_OK);
    CHECK_VERDICT(verify(after, URI, auth), SIPSEC_DIGEST_OK, SIPSEC_DIGEST_REASON_NONE);

    sipsec_digest_client_free(client);
    sipsec_digest_server_free(before);
    sipsec_digest_server_free(after);
}

static void client_errors(void)
{
    sipsec_digest_client *client = NULL;
    char auth[1024];
    size_t len = 0;
    sipsec_str list[1];
    const char *challenge = "Digest realm=\"r\", nonce=\"n\", qop=\"auth\"";

    CHECK_STATUS(sipsec_digest_client_new_ha1(TXT("alice"), TXT("r"), TXT("MD5"), TXT("xyz"),
                                              &client),
                 SIPSEC_ERR_DIGEST_BAD_HA1);
    CHECK_STATUS(sipsec_digest_client_new_ha1(TXT("alice"), TXT("r"), TXT("SHA-1"),
                                              TXT("b1726872c344b6dc8365b774f8fd6412"), &client),
                 SIPSEC_ERR_DIGEST_UNKNOWN_ALGORITHM);
    CHECK_STATUS(sipsec_digest_client_new_ha1(TXT("alice"), TXT("r"), TXT("MD5"),
                                              TXT("b1726872c344b6dc8365b774f8fd6412"), &client),
                 SIPSEC_OK);

    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), NULL, 0,
                                                NULL, 0, auth, sizeof auth, &len),
                 SIPSEC_ERR_DIGEST_NO_USABLE_CHALLENGE);
    list[0].ptr = "Digest realm=\"r";
    list[0].len = strlen(list[0].ptr);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1,
                                                NULL, 0, auth, sizeof auth, &len),
                 SIPSEC_ERR_DIGEST_PARSE);
    list[0].ptr = challenge;
    list[0].len = strlen(challenge);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1,
                                                NULL, 0, auth, sizeof auth, &len),
                 SIPSEC_OK);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1,
                                                NULL, 0, auth, sizeof auth, &len),
                 SIPSEC_OK);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1,
                                                NULL, 0, auth, sizeof auth, &len),
                 SIPSEC_ERR_DIGEST_TOO_MANY_CHALLENGES);
    sipsec_digest_client_free(client);
}

static void buffers_one_byte_short(void)
{
    sipsec_digest_server *server = new_server("MD5", "auth");
    sipsec_digest_client *client = NULL;
    char challenge[512], small[512], auth[1024], username[16];
    sipsec_digest_verdict verdict = {SIPSEC_DIGEST_OK, SIPSEC_DIGEST_REASON_NONE};
    size_t needed = 0, len = 0;
    sipsec_str list[1];

    CHECK_STATUS(sipsec_digest_server_challenge(server, 0, false, NULL, 0, &needed),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(sipsec_digest_server_challenge(server, 0, false, small, needed - 1, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == needed);
    CHECK_STATUS(sipsec_digest_server_challenge(server, 0, false, challenge, needed, &len),
                 SIPSEC_OK);
    CHECK(len == needed - 1);

    list[0].ptr = challenge;
    list[0].len = strlen(challenge);
    CHECK_STATUS(sipsec_digest_client_new(TXT("alice"), TXT("secret"), &client), SIPSEC_OK);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1,
                                                NULL, 0, NULL, 0, &needed),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1,
                                                NULL, 0, auth, needed - 1, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == needed);
    /* A refused buffer leaves the client as it was: still nc=1, no attempt counted. */
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("REGISTER"), TXT(URI), list, 1,
                                                NULL, 0, auth, needed, &len),
                 SIPSEC_OK);
    CHECK(len == needed - 1);
    CHECK(strstr(auth, "nc=00000001") != NULL);

    CHECK_STATUS(sipsec_digest_server_verify(server, TXT("REGISTER"), TXT(URI), TXT(auth), NULL,
                                             0, &verdict, username, 5, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);
    CHECK(len == 6);
    /* Nothing was recorded, so the same credentials still verify. */
    CHECK_STATUS(sipsec_digest_server_verify(server, TXT("REGISTER"), TXT(URI), TXT(auth), NULL,
                                             0, &verdict, username, 6, &len),
                 SIPSEC_OK);
    CHECK_VERDICT(verdict, SIPSEC_DIGEST_OK, SIPSEC_DIGEST_REASON_NONE);
    CHECK_STR(username, "alice");

    sipsec_digest_client_free(client);
    sipsec_digest_server_free(server);
}

static void null_pointers_everywhere(void)
{
    sipsec_digest_server *server = new_server("MD5", "auth");
    sipsec_digest_server *made = NULL;
    sipsec_digest_client *client = NULL;
    sipsec_digest_verdict verdict;
    sipsec_str list[1];
    char out[1024];
    size_t len = 0;
    const uint8_t key[32] = {1};
    const uint8_t body[1] = {0};
    const sipsec_status NUL = SIPSEC_ERR_NULL_POINTER;
    CHECK_STATUS(sipsec_digest_client_new(TXT("alice"), TXT("secret"), &client), SIPSEC_OK);
    list[0].ptr = NULL;
    list[0].len = 3;

    /* server_new / server_new_with_secret */
    CHECK_STATUS(sipsec_digest_server_new(NULL, 3, TXT("MD5"), TXT("auth"), 0, 0, &made), NUL);
    CHECK_STATUS(sipsec_digest_server_new(TXT("r"), NULL, 3, TXT("auth"), 0, 0, &made), NUL);
    CHECK_STATUS(sipsec_digest_server_new(TXT("r"), TXT("MD5"), NULL, 3, 0, 0, &made), NUL);
    CHECK_STATUS(sipsec_digest_server_new(TXT("r"), TXT("MD5"), TXT("auth"), 0, 0, NULL), NUL);
    CHECK_STATUS(sipsec_digest_server_new_with_secret(NULL, 1, TXT("MD5"), TXT(""), 0, 0, key,
                                                      32, &made), NUL);
    CHECK_STATUS(sipsec_digest_server_new_with_secret(TXT("r"), NULL, 1, TXT(""), 0, 0, key, 32,
                                                      &made), NUL);
    CHECK_STATUS(sipsec_digest_server_new_with_secret(TXT("r"), TXT("MD5"), NULL, 1, 0, 0, key,
                                                      32, &made), NUL);
    CHECK_STATUS(sipsec_digest_server_new_with_secret(TXT("r"), TXT("MD5"), TXT(""), 0, 0, NULL,
                                                      32, &made), NUL);
    CHECK_STATUS(sipsec_digest_server_new_with_secret(TXT("r"), TXT("MD5"), TXT(""), 0, 0, key,
                                                      32, NULL), NUL);
    CHECK(made == NULL);
    /* (NULL, 0) secret is documented as "draw a random key". */
    CHECK_STATUS(sipsec_digest_server_new_with_secret(TXT("r"), TXT("MD5"), NULL, 0, 0, 0, NULL,
                                                      0, &made), SIPSEC_OK);
    sipsec_digest_server_free(made);

    /* add_user / add_user_ha1 */
    CHECK_STATUS(sipsec_digest_server_add_user(NULL, TXT("u"), TXT("p")), NUL);
    CHECK_STATUS(sipsec_digest_server_add_user(server, NULL, 1, TXT("p")), NUL);
    CHECK_STATUS(sipsec_digest_server_add_user(server, TXT("u"), NULL, 1), NUL);
    CHECK_STATUS(sipsec_digest_server_add_user_ha1(NULL, TXT("u"), TXT("MD5"), TXT("00")), NUL);
    CHECK_STATUS(sipsec_digest_server_add_user_ha1(server, NULL, 1, TXT("MD5"), TXT("00")),
                 NUL);
    CHECK_STATUS(sipsec_digest_server_add_user_ha1(server, TXT("u"), NULL, 1, TXT("00")), NUL);
    CHECK_STATUS(sipsec_digest_server_add_user_ha1(server, TXT("u"), TXT("MD5"), NULL, 2), NUL);

    /* algorithm_count / tracked_nonces / challenge */
    CHECK_STATUS(sipsec_digest_server_algorithm_count(NULL, &len), NUL);
    CHECK_STATUS(sipsec_digest_server_algorithm_count(server, NULL), NUL);
    CHECK_STATUS(sipsec_digest_server_tracked_nonces(NULL, &len), NUL);
    CHECK_STATUS(sipsec_digest_server_tracked_nonces(server, NULL), NUL);
    CHECK_STATUS(sipsec_digest_server_challenge(NULL, 0, false, out, sizeof out, &len), NUL);
    CHECK_STATUS(sipsec_digest_server_challenge(server, 0, false, out, sizeof out, NULL), NUL);
    CHECK_STATUS(sipsec_digest_server_challenge(server, 0, false, NULL, sizeof out, &len),
                 SIPSEC_ERR_BUFFER_TOO_SMALL);

    /* verify */
#define VERIFY sipsec_digest_server_verify
    CHECK_STATUS(VERIFY(NULL, TXT("R"), TXT("u"), TXT("a"), NULL, 0, &verdict, NULL, 0, NULL),
                 NUL);
    CHECK_STATUS(VERIFY(server, NULL, 1, TXT("u"), TXT("a"), NULL, 0, &verdict, NULL, 0, NULL),
                 NUL);
    CHECK_STATUS(VERIFY(server, TXT("R"), NULL, 1, TXT("a"), NULL, 0, &verdict, NULL, 0, NULL),
                 NUL);
    CHECK_STATUS(VERIFY(server, TXT("R"), TXT("u"), NULL, 1, NULL, 0, &verdict, NULL, 0, NULL),
                 NUL);
    CHECK_STATUS(VERIFY(server, TXT("R"), TXT("u"), TXT("a"), NULL, 1, &verdict, NULL, 0, NULL),
                 NUL);
    CHECK_STATUS(VERIFY(server, TXT("R"), TXT("u"), TXT("a"), body, 1, NULL, NULL, 0, NULL),
                 NUL);
    CHECK_STATUS(VERIFY(server, TXT("R"), TXT("u"), TXT("a"), body, 1, &verdict, NULL, 8, &len),
                 NUL);
    CHECK_STATUS(VERIFY(server, TXT("R"), TXT("u"), TXT("a"), body, 1, &verdict, out, 8, NULL),
                 NUL);
#undef VERIFY

    /* client_new / client_new_ha1 */
    CHECK_STATUS(sipsec_digest_client_new(NULL, 1, TXT("p"), &client), NUL);
    CHECK_STATUS(sipsec_digest_client_new(TXT("u"), NULL, 1, &client), NUL);
    {
        sipsec_digest_client *unused = NULL;
        CHECK_STATUS(sipsec_digest_client_new(TXT("u"), TXT("p"), NULL), NUL);
        CHECK_STATUS(sipsec_digest_client_new_ha1(NULL, 1, TXT("r"), TXT("MD5"), TXT("00"),
                                                  &unused), NUL);
        CHECK_STATUS(sipsec_digest_client_new_ha1(TXT("u"), NULL, 1, TXT("MD5"), TXT("00"),
                                                  &unused), NUL);
        CHECK_STATUS(sipsec_digest_client_new_ha1(TXT("u"), TXT("r"), NULL, 1, TXT("00"),
                                                  &unused), NUL);
        CHECK_STATUS(sipsec_digest_client_new_ha1(TXT("u"), TXT("r"), TXT("MD5"), NULL, 2,
                                                  &unused), NUL);
        CHECK_STATUS(sipsec_digest_client_new_ha1(TXT("u"), TXT("r"), TXT("MD5"),
                                                  TXT("b1726872c344b6dc8365b774f8fd6412"), NULL),
                     NUL);
        CHECK(unused == NULL);
    }

    /* client_reset / client_authorize */
    CHECK_STATUS(sipsec_digest_client_reset(NULL), NUL);
    CHECK_STATUS(sipsec_digest_client_authorize(NULL, TXT("R"), TXT("u"), NULL, 0, NULL, 0, out,
                                                sizeof out, &len), NUL);
    CHECK_STATUS(sipsec_digest_client_authorize(client, NULL, 1, TXT("u"), NULL, 0, NULL, 0,
                                                out, sizeof out, &len), NUL);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("R"), NULL, 1, NULL, 0, NULL, 0,
                                                out, sizeof out, &len), NUL);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("R"), TXT("u"), NULL, 1, NULL, 0,
                                                out, sizeof out, &len), NUL);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("R"), TXT("u"), list, 1, NULL, 0,
                                                out, sizeof out, &len), NUL);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("R"), TXT("u"), NULL, 0, NULL, 1,
                                                out, sizeof out, &len), NUL);
    CHECK_STATUS(sipsec_digest_client_authorize(client, TXT("R"), TXT("u"), NULL, 0, NULL, 0,
                                                out, sizeof out, NULL), NUL);

    /* response: every text input, then the outputs */
#define RESP sipsec_digest_response
    CHECK_STATUS(RESP(NULL, 1, TXT("p"), TXT("r"), TXT("M"), TXT("u"), TXT("n"), TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), NULL, 1, TXT("r"), TXT("M"), TXT("u"), TXT("n"), TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), NULL, 1, TXT("M"), TXT("u"), TXT("n"), TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), TXT("r"), NULL, 1, TXT("u"), TXT("n"), TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), TXT("r"), TXT("M"), NULL, 1, TXT("n"), TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), TXT("r"), TXT("M"), TXT("u"), NULL, 1, TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), TXT("r"), TXT("M"), TXT("u"), TXT("n"), NULL, 1,
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), TXT("r"), TXT("M"), TXT("u"), TXT("n"), TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 1, out, sizeof out, &len), NUL);
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), TXT("r"), TXT("M"), TXT("u"), TXT("n"), TXT("MD5"),
                      NULL, 0, NULL, 0, NULL, 0, NULL, 0, out, sizeof out, NULL), NUL);
    /* qop, nc and cnonce are optional: NULL means "not given". */
    CHECK_STATUS(RESP(TXT("a"), TXT("p"), TXT("r"), TXT("M"), TXT("u"), TXT("n"), TXT("MD5"),
                      NULL, 5, NULL, 5, NULL, 5, NULL, 0, out, sizeof out, &len), SIPSEC_OK);
#undef RESP

    sipsec_digest_client_free(client);
    sipsec_digest_server_free(server);
}

static void challenge_flood_costs_no_table_memory(void)
{
    sipsec_digest_server *server = new_server("SHA-256,MD5", "auth");
    char challenge[512], auth[1024];
    size_t i, rounds = harness_quick() ? 2000 : 200000, tracked = 1;

    for (i = 0; i < rounds; i++) {
        challenge_of(server, i % 2, false, challenge, sizeof challenge);
        if (i % 100 == 0) {
            build_auth(challenge, i % 2 ? "MD5" : "SHA-256", "auth", "alice", "wrong", URI,
                       NULL, auth, sizeof auth);
            CHECK(verify(server, URI, auth).outcome == SIPSEC_DIGEST_REJECTED);
        }
    }
    CHECK_STATUS(sipsec_digest_server_tracked_nonces(server, &tracked), SIPSEC_OK);
    CHECK(tracked == 0);
    sipsec_digest_server_free(server);
}

int main(void)
{
    harness_start();
    RUN(known_answers);
    RUN(response_errors_and_buffers);
    RUN(server_construction_errors);
    RUN(round_trip_and_replay);
    RUN(every_verdict);
    RUN(reason_words);
    RUN(stale_flow);
    RUN(client_errors);
    RUN(buffers_one_byte_short);
    RUN(null_pointers_everywhere);
    RUN(challenge_flood_costs_no_table_memory);
    return harness_finish();
}
