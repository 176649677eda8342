/* urlpolicy.h - which hosts profed talks to over what.
 *
 *  - The API base URL may use plain http only when its host is loopback
 *    (127.0.0.0/8, ::1, localhost): anywhere else the token would cross
 *    the network unencrypted (config.c refuses it: exit 2).
 *  - Upload URLs and picture URLs must be https unless the API itself is
 *    on loopback (the local stub serves everything over http).
 *  - A picture may not be fetched from a private, loopback or link-local
 *    address unless the API's own host is such an address: a hostile
 *    profile could otherwise make profed probe the support person's
 *    network. The check is on the address about to be connected to
 *    (http.c, CURLOPT_OPENSOCKETFUNCTION), not only on the name.
 * No I/O, no DNS.
 */
#ifndef PROFED_URLPOLICY_H
#define PROFED_URLPOLICY_H

#include <stdbool.h>
#include <stddef.h>

struct sockaddr;

/* The host of an http(s) URL into host (n bytes; IPv6 literals without
 * their brackets, lower case). false when url has no such host. */
bool urlpolicy_host(const char *url, char *host, size_t n);

/* Whether host is "localhost" (or under .localhost), an IPv4 literal in
 * 127.0.0.0/8 or the IPv6 literal ::1. */
bool urlpolicy_host_loopback(const char *host);

/* Whether url is http(s) to a loopback host. */
bool urlpolicy_url_loopback(const char *url);

/* Whether url is http(s) to a loopback host or to an IP literal that
 * urlpolicy_addr_public refuses. */
bool urlpolicy_url_private(const char *url);

/* Whether url may be http for base URL purposes: https, or http to a
 * loopback host. */
bool urlpolicy_base_ok(const char *url);

/* Whether the socket address is a public one: not loopback (127/8, ::1),
 * private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local
 * (169.254/16, fe80::/10), unspecified (0.0.0.0/8, ::) or multicast;
 * IPv4-mapped IPv6 addresses are judged by their IPv4 address. false for
 * NULL or another family. */
bool urlpolicy_addr_public(const struct sockaddr *sa);

#endif
