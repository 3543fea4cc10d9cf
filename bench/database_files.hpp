#pragma once

#include <string>

namespace einblick::bench {

// Deletes a database file with its -wal, -shm and .lock files, where they exist.
void remove_database(const std::string& path);

} // namespace einblick::bench
