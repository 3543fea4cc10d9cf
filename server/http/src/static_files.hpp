#pragma once
// The browser client's files (index.html, einblick.js/.wasm/.data, …) from the web root.
//
// The build puts a gzip and a brotli copy beside each file (name.gz, name.br). A browser that
// accepts one gets it as it is, with Content-Encoding: no compression per request (httplib's
// own compresses text with brotli at its slowest setting, 0.5 s for the client's 150 kB of
// JavaScript on this machine, which alone put the first frame past a second) and the
// smallest download. A compressed copy older than its file is ignored, so a stale copy can
// never be served. ETag + If-None-Match give 304s on reload.

#include <filesystem>

namespace einblick::server {

class RouteTable;

// Registers GET (and so HEAD) for every path not taken by a route registered before it.
// Throws std::runtime_error when `root` is not a directory.
void register_static_files(RouteTable& routes, const std::filesystem::path& root);

} // namespace einblick::server
