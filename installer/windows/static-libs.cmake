# Read by every project() of the Windows build (CMAKE_PROJECT_INCLUDE in the
# toolchain): Windows-GNU.cmake puts .dll.a first after the toolchain file is
# read, and mingw's zlib ships one; the programs must link static libraries.
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
