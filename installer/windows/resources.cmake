# Windows resources, made at build time: the icon (.ico with every size the
# shell asks for) from installer/fidelity-workstation.svg with Debian's
# rsvg-convert and icotool, and the .rc that fidelity-workstation.exe links.
# Sets FIDELITY_WINDOWS_RC and FIDELITY_WINDOWS_ICO.
find_program(RSVG_CONVERT rsvg-convert REQUIRED)
find_program(ICOTOOL icotool REQUIRED)
set(svg ${CMAKE_SOURCE_DIR}/installer/fidelity-workstation.svg)
set(FIDELITY_WINDOWS_ICO ${CMAKE_BINARY_DIR}/windows/fidelity-workstation.ico)
set(pngs)
set(png_commands)
foreach(size 16 20 24 32 40 48 64 128 256)
  set(png ${CMAKE_BINARY_DIR}/windows/icon-${size}.png)
  list(APPEND pngs ${png})
  list(APPEND png_commands COMMAND ${RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${svg})
endforeach()
# 256 px is stored as PNG inside the .ico (--raw), as Windows expects.
list(POP_BACK pngs big)
add_custom_command(OUTPUT ${FIDELITY_WINDOWS_ICO}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/windows
  ${png_commands}
  COMMAND ${ICOTOOL} -c -o ${FIDELITY_WINDOWS_ICO} ${pngs} --raw=${big}
  DEPENDS ${svg} VERBATIM)
add_custom_target(fidelity_icon DEPENDS ${FIDELITY_WINDOWS_ICO})

set(FIDELITY_ICO ${FIDELITY_WINDOWS_ICO})
set(FIDELITY_MANIFEST ${CMAKE_SOURCE_DIR}/installer/windows/fidelity-workstation.manifest)
set(FIDELITY_WINDOWS_RC ${CMAKE_BINARY_DIR}/windows/fidelity-workstation.rc)
configure_file(${CMAKE_SOURCE_DIR}/installer/windows/fidelity-workstation.rc.in ${FIDELITY_WINDOWS_RC} @ONLY)
set_source_files_properties(${FIDELITY_WINDOWS_RC} PROPERTIES
  OBJECT_DEPENDS "${FIDELITY_WINDOWS_ICO};${FIDELITY_MANIFEST}")
