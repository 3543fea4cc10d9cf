#include "einblick/server/secret_key.hpp"

#include "einblick/server/crypto.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace einblick::server {
namespace {

constexpr std::size_t key_size = 32;

Bytes parse_key(const std::string& text, const std::string& origin) {
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    const std::string hex = first == std::string::npos ? "" : text.substr(first, last - first + 1);
    auto key = from_hex(hex);
    if (!key || key->size() != key_size) {
        throw std::runtime_error(origin + " must hold exactly 64 hexadecimal digits (32 bytes)");
    }
    return *key;
}

void create_key_file(const SecretKeyKind& kind, const std::string& path) {
    // O_EXCL: never overwrite a key, even if two processes start at once.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw std::runtime_error("cannot create " + std::string(kind.what) + " file '" + path +
                                 "': " + std::strerror(errno));
    }
    const std::string hex = to_hex(random_bytes(key_size)) + "\n";
    const bool written =
        ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        ::unlink(path.c_str());
        throw std::runtime_error("cannot write " + std::string(kind.what) + " file '" + path + "'");
    }
}

Bytes read_key_file(const SecretKeyKind& kind, const std::string& path) {
    const std::string file = std::string(kind.what) + " file '" + path + "'";
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        throw std::runtime_error("cannot read " + file + ": " + std::strerror(errno));
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        throw std::runtime_error(file + " is accessible to other users; run: chmod 600 " + path);
    }
    std::ifstream stream(path);
    std::stringstream content;
    content << stream.rdbuf();
    if (!stream) {
        throw std::runtime_error("cannot read " + file);
    }
    return parse_key(content.str(), file);
}

} // namespace

Bytes load_secret_key(const SecretKeyKind& kind, const SecretKeySource& source) {
    if (source.environment_value) {
        return parse_key(*source.environment_value, std::string(kind.environment_name));
    }
    if (!source.key_file) {
        throw std::runtime_error("no " + std::string(kind.what) + ": set " +
                                 std::string(kind.environment_name) + " or pass " +
                                 std::string(kind.file_option) + " (or use --demo)");
    }
    if (source.create_if_missing && ::access(source.key_file->c_str(), F_OK) != 0) {
        create_key_file(kind, *source.key_file);
    }
    return read_key_file(kind, *source.key_file);
}

} // namespace einblick::server
