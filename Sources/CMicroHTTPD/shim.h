#ifndef CASEBOOK_CMICROHTTPD_SHIM_H
#define CASEBOOK_CMICROHTTPD_SHIM_H
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <microhttpd.h>

// The URI log callback's type: the header documents it only in a comment, so Swift needs a
// name to import it by.
typedef void *(*casebook_mhd_uri_callback)(void *cls, const char *uri, struct MHD_Connection *connection);

// MHD_start_daemon is variadic, which Swift cannot call: this wrapper passes the options
// Casebook uses, always with MHD_OPTION_END. MHD_OPTION_STRICT_FOR_CLIENT 1 refuses an
// HTTP/1.1 request without Host (400) and a request line with a space in its URI.
// `accept_policy` (with `callbacks_context`) is asked for each new connection: Casebook refuses
// them once it is stopping, instead of MHD_quiesce_daemon, which races the epoll workers.
static inline struct MHD_Daemon *casebook_mhd_start(unsigned int flags, const struct sockaddr *address,
        MHD_AcceptPolicyCallback accept_policy,
        MHD_AccessHandlerCallback handler, void *handler_context,
        MHD_RequestCompletedCallback completed, MHD_NotifyConnectionCallback notify_connection,
        casebook_mhd_uri_callback uri_callback, MHD_LogCallback logger, void *callbacks_context,
        unsigned int connection_limit, unsigned int per_ip_limit, unsigned int timeout_seconds,
        size_t memory_limit, unsigned int threads) {
    return MHD_start_daemon(flags, 0, accept_policy, callbacks_context, handler, handler_context,
        MHD_OPTION_EXTERNAL_LOGGER, logger, callbacks_context, // first, or earlier options log to stderr directly
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_NOTIFY_COMPLETED, completed, callbacks_context,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, callbacks_context,
        MHD_OPTION_URI_LOG_CALLBACK, uri_callback, callbacks_context,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_STRICT_FOR_CLIENT, (int)1,
        MHD_OPTION_END);
}

// MHD_get_daemon_info is variadic and returns a union: these read the two fields used.
static inline uint16_t casebook_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

static inline unsigned int casebook_mhd_connections(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

// MHD_get_connection_info is variadic and returns a union: these read the two fields used.
static inline int casebook_mhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info ? info->connect_fd : -1;
}

static inline const struct sockaddr *casebook_mhd_client_address(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info ? info->client_addr : NULL;
}
#endif
