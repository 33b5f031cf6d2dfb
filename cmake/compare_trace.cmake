# Runs one op-script and compares its trace with the expected one.
#   cmake -DTOOL=gomap-script -DSCRIPT=x.ops -DEXPECTED=x.out -DACTUAL=out/x.out
#         [-DENGINE=port] -P compare_trace.cmake
if(NOT ENGINE)
  set(ENGINE port)
endif()
execute_process(
  COMMAND ${TOOL} run --engine=${ENGINE} ${SCRIPT}
  OUTPUT_VARIABLE actual
  ERROR_VARIABLE errors
  RESULT_VARIABLE status)
file(READ ${EXPECTED} expected)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${SCRIPT}: exit status ${status}\n${errors}")
endif()
if(NOT actual STREQUAL expected)
  file(WRITE ${ACTUAL} "${actual}")
  message(FATAL_ERROR "${SCRIPT}: the trace differs from Go 1.19's.\n"
                      "  diff ${EXPECTED} ${ACTUAL}")
endif()
