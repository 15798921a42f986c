#pragma once
#include <cstddef>
#include <string>

namespace fw {
// Reads a whole data file (scale, policy, review) into memory. Refuses files
// larger than `max_bytes` so a wrong path (a video, /dev/zero) cannot exhaust
// memory. Throws InputError naming the file.
std::string read_text_file(const std::string& path, size_t max_bytes = 16u << 20);

// A data file open for reading piece by piece, through the platform layer
// (so a UTF-8 name opens on Windows too); closed when it goes. Throws
// InputError naming the file when it cannot be opened or read, is a folder,
// or grows beyond `max_bytes`.
class InputFile {
public:
    InputFile(const std::string& path, std::size_t max_bytes);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    // Up to `n` bytes into `buf`; 0 at the end.
    std::size_t read(char* buf, std::size_t n);

private:
    int fd_;
    std::string path_;
    std::size_t max_bytes_, total_ = 0;
};

// Files are written by the output writer: output_file.hpp.
}  // namespace fw
