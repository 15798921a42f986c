#pragma once
#include <string>

namespace fw {
// Reads a whole data file (scale, policy, review) into memory. Refuses files
// larger than `max_bytes` so a wrong path (a video, /dev/zero) cannot exhaust
// memory. Throws InputError naming the file.
std::string read_text_file(const std::string& path, size_t max_bytes = 16u << 20);
// Files are written by the output writer: output_file.hpp.
}  // namespace fw
