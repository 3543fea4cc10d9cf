#include "disk_settings.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <vector>

namespace einblick::bench {
namespace {

namespace fs = std::filesystem;

std::string first_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

// "none [mq-deadline] kyber" names the active scheduler in brackets.
std::string active_scheduler(const std::string& choices) {
    const auto open = choices.find('[');
    const auto close = choices.find(']', open);
    return open == std::string::npos || close == std::string::npos
               ? choices
               : choices.substr(open + 1, close - open - 1);
}

struct Mount {
    std::string point;
    std::string file_system;
    std::string options;
};

// The mount of device `major:minor` whose mount point is the longest prefix of `folder`
// (/proc/self/mountinfo: "id parent major:minor root point options [tags] - type source super").
std::optional<Mount> mount_of(const std::string& device, const std::string& folder) {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::optional<Mount> best;
    for (std::string line; std::getline(mountinfo, line);) {
        std::istringstream fields(line);
        std::vector<std::string> f;
        for (std::string field; fields >> field;) {
            f.push_back(field);
        }
        const auto dash = std::find(f.begin(), f.end(), "-");
        if (f.size() < 6 || f[2] != device || dash == f.end() || f.end() - dash < 4) {
            continue;
        }
        const std::string& point = f[4];
        const bool contains = folder == point || point == "/" ||
                              folder.compare(0, point.size() + 1, point + "/") == 0;
        if (contains && (!best || point.size() > best->point.size())) {
            best = Mount{point, *(dash + 1), f[5] + "," + *(dash + 3)};
        }
    }
    return best;
}

// The mount's options and the file system's, each named once, in order.
std::string merged_options(const std::string& options) {
    std::vector<std::string> seen;
    std::istringstream list(options);
    std::string merged;
    for (std::string option; std::getline(list, option, ',');) {
        if (!option.empty() && std::find(seen.begin(), seen.end(), option) == seen.end()) {
            seen.push_back(option);
            merged += (merged.empty() ? "" : ",") + option;
        }
    }
    return merged;
}

} // namespace

std::optional<DiskSettings> disk_settings(const std::string& folder) {
    struct stat info {};
    std::error_code error;
    const fs::path real = fs::canonical(folder, error);
    if (error || ::stat(real.c_str(), &info) != 0) {
        return std::nullopt;
    }
    const std::string device =
        std::to_string(major(info.st_dev)) + ":" + std::to_string(minor(info.st_dev));
    fs::path block = fs::canonical("/sys/dev/block/" + device, error);
    if (error) {
        return std::nullopt;
    }
    if (fs::exists(block / "partition")) {
        block = block.parent_path(); // a partition's queue settings are its disk's
    }
    DiskSettings disk;
    disk.device = block.filename().string();
    disk.scheduler = active_scheduler(first_line(block / "queue" / "scheduler"));
    disk.writeback_throttling_us = first_line(block / "queue" / "wbt_lat_usec");
    disk.rotational = first_line(block / "queue" / "rotational");
    if (const auto mount = mount_of(device, real.string())) {
        disk.file_system = mount->file_system;
        disk.mount_options = merged_options(mount->options);
    }
    return disk;
}

std::string describe(const DiskSettings& disk) {
    std::string text = disk.device;
    if (!disk.file_system.empty()) {
        text += ", " + disk.file_system + " (" + disk.mount_options + ")";
    }
    text += ", I/O scheduler " + (disk.scheduler.empty() ? "unknown" : disk.scheduler);
    if (!disk.writeback_throttling_us.empty()) {
        text += disk.writeback_throttling_us == "0"
                    ? ", writeback throttling off"
                    : ", writeback throttling " + disk.writeback_throttling_us + " µs";
    }
    text += disk.rotational == "1" ? ", rotational" : ", not rotational";
    return text;
}

} // namespace einblick::bench
