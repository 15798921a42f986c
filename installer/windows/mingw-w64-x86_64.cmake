# CMake toolchain for 64-bit Windows with Debian's mingw-w64 (posix threads,
# so std::thread and std::mutex work). The libraries come from the prefix that
# installer/windows/libs.sh cross-builds: FIDELITY_WIN64_PREFIX (cache or
# environment variable).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${triple}-g++-posix)
set(CMAKE_RC_COMPILER ${triple}-windres)
set(CMAKE_AR ${triple}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${triple}-gcc-ranlib-posix CACHE FILEPATH "")

if(NOT FIDELITY_WIN64_PREFIX AND DEFINED ENV{FIDELITY_WIN64_PREFIX})
  set(FIDELITY_WIN64_PREFIX $ENV{FIDELITY_WIN64_PREFIX})
endif()
# try_compile projects read this file again: hand the prefix down to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FIDELITY_WIN64_PREFIX)

# Search only the target's files: the mingw sysroot and our prefix, never the
# build machine's /usr/include or /usr/lib.
set(CMAKE_FIND_ROOT_PATH /usr/${triple} ${FIDELITY_WIN64_PREFIX})
set(CMAKE_PREFIX_PATH ${FIDELITY_WIN64_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Static libraries only, so the programs need no DLL beside the system's
# (mingw's zlib also ships an import library that would win otherwise).
set(CMAKE_PROJECT_INCLUDE ${CMAKE_CURRENT_LIST_DIR}/static-libs.cmake)
set(ZLIB_INCLUDE_DIR /usr/${triple}/include CACHE PATH "")
set(ZLIB_LIBRARY /usr/${triple}/lib/libz.a CACHE FILEPATH "")

# pkg-config: the target's .pc files, with their private dependencies
# (everything is linked statically).
set(ENV{PKG_CONFIG_LIBDIR} "${FIDELITY_WIN64_PREFIX}/lib/pkgconfig:/usr/${triple}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(PKG_CONFIG_ARGN --static)
