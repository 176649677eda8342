/* urlpolicy.c - which hosts over what (see urlpolicy.h). */
#include "urlpolicy.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* See urlpolicy.h. */
bool urlpolicy_host(const char *url, char *host, size_t n)
{
	const char *h, *end;
	size_t len, auth;

	if (!url || !host || n == 0)
		return false;
	if (strncasecmp(url, "https://", 8) == 0)
		h = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		h = url + 7;
	else
		return false;
	auth = strcspn(h, "/?#");
	/* user info: the host follows the last '@' of the authority */
	for (const char *p = h; p < h + auth; p++)
		if (*p == '@') {
			auth -= (size_t)(p + 1 - h);
			h = p + 1;
			p = h - 1;
		}
	if (h[0] == '[') {
		end = memchr(h, ']', auth);
		if (!end)
			return false;
		h++;
	} else {
		end = memchr(h, ':', auth);
		if (!end)
			end = h + auth;
	}
	len = (size_t)(end - h);
	if (len == 0 || len >= n)
		return false;
	for (size_t i = 0; i < len; i++)
		host[i] = (char)tolower((unsigned char)h[i]);
	host[len] = '\0';
	while (len > 1 && host[len - 1] == '.')
		host[--len] = '\0'; /* "localhost." */
	return true;
}

/* See urlpolicy.h. */
bool urlpolicy_host_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	size_t n;

	if (!host)
		return false;
	n = strlen(host);
	if (strcmp(host, "localhost") == 0 ||
	    (n > 10 && strcmp(host + n - 10, ".localhost") == 0))
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

/* See urlpolicy.h. */
bool urlpolicy_url_loopback(const char *url)
{
	char host[256];

	return urlpolicy_host(url, host, sizeof host) &&
	       urlpolicy_host_loopback(host);
}

/* Whether the IPv4 address (host order) is public. */
static bool v4_public(uint32_t a)
{
	return !((a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
	         (a >> 16) == 0xa9fe ||                /* 169.254/16 */
	         (a >> 20) == 0xac1 ||                 /* 172.16/12 */
	         (a >> 16) == 0xc0a8 ||                /* 192.168/16 */
	         (a >> 22) == (100u << 2 | 1u) ||      /* 100.64/10 */
	         (a >> 28) >= 0xe);                    /* multicast, reserved */
}

/* Whether the IPv6 address is public. */
static bool v6_public(const struct in6_addr *a)
{
	if (IN6_IS_ADDR_V4MAPPED(a) || IN6_IS_ADDR_V4COMPAT(a)) {
		uint32_t v4;
		memcpy(&v4, a->s6_addr + 12, 4);
		return v4_public(ntohl(v4));
	}
	return !(IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_LOOPBACK(a) ||
	         IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_SITELOCAL(a) ||
	         IN6_IS_ADDR_MULTICAST(a) || (a->s6_addr[0] & 0xfe) == 0xfc);
}

/* See urlpolicy.h. */
bool urlpolicy_addr_public(const struct sockaddr *sa)
{
	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return v4_public(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
			(const struct sockaddr_in6 *)(const void *)sa;
		return v6_public(&in6->sin6_addr);
	}
	return false;
}

/* See urlpolicy.h. */
bool urlpolicy_url_private(const char *url)
{
	char host[256];
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };

	if (!urlpolicy_host(url, host, sizeof host))
		return false;
	if (urlpolicy_host_loopback(host))
		return true;
	if (inet_pton(AF_INET, host, &a4.sin_addr) == 1)
		return !urlpolicy_addr_public((const struct sockaddr *)&a4);
	if (inet_pton(AF_INET6, host, &a6.sin6_addr) == 1)
		return !urlpolicy_addr_public((const struct sockaddr *)&a6);
	return false;
}

/* See urlpolicy.h. */
bool urlpolicy_base_ok(const char *url)
{
	if (url && strncasecmp(url, "https://", 8) == 0)
		return true;
	return url && strncasecmp(url, "http://", 7) == 0 &&
	       urlpolicy_url_loopback(url);
}
