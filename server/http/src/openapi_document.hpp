#pragma once

#include <string_view>

namespace einblick::server {
// The contents of docs/openapi.yaml, embedded at build time.
std::string_view openapi_document();
} // namespace einblick::server
