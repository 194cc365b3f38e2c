# Writes OUTPUT: a C++ header holding each INPUTS file as a raw string
# literal, so the device library ships inside tilec (no files at run time).
set(content "// Generated from compiler/lib/Target/device/*.mlir: do not edit.\n")
foreach(input ${INPUTS})
  get_filename_component(name ${input} NAME_WE)
  file(READ ${input} text)
  string(APPEND content "static const char k${name}Source[] = R\"tilec_device(${text})tilec_device\";\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
