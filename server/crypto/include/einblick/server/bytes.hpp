#pragma once

#include <vector>

namespace einblick::server {
using Bytes = std::vector<unsigned char>;
} // namespace einblick::server
