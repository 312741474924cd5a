# Runs `ces score` on one example and compares the table with its expected.csv,
# byte for byte. Invoked by ctest: cmake -DCES=… -DDIR=… -DOUT=… -P check_example.cmake
execute_process(
  COMMAND ${CES} score --model ${DIR}/model.json -o ${OUT} ${DIR}/data.csv
  RESULT_VARIABLE status
  ERROR_VARIABLE summary)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ces score failed (exit ${status}):\n${summary}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${DIR}/expected.csv RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "${OUT} differs from ${DIR}/expected.csv\n(if the change is intended: scripts/update-golden)")
endif()
