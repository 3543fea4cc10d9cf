#include "database_files.hpp"

#include <filesystem>

namespace einblick::bench {

void remove_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", ".lock"}) {
        std::filesystem::remove(path + suffix);
    }
}

} // namespace einblick::bench
