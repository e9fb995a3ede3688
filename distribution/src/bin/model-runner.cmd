@echo off
rem model-runner launcher for Windows. Java 17+: %JAVA_HOME%\bin\java.exe, else java on PATH.
rem JVM options: JAVA_OPTS, then MODEL_RUNNER_OPTS (after the launcher's own, so they win).
rem Every command but "serve" runs with C1 only (-XX:TieredStopAtLevel=1); on Java 19+ also with a
rem class-data-sharing archive the JVM makes and refreshes itself (-XX:+AutoCreateSharedArchive) in
rem %LOCALAPPDATA%\model-runner\cds. MODEL_RUNNER_CDS=off: no archive. JVM warnings go to stderr.
setlocal EnableExtensions EnableDelayedExpansion
set "APP_HOME=%~dp0.."
set "JAR=%APP_HOME%\lib\model-runner.jar"
if not exist "%JAR%" (
  echo model-runner: %JAR% is missing: the installation is incomplete 1>&2
  exit /b 1
)

if defined JAVA_HOME (
  set "JAVA_CMD=%JAVA_HOME%\bin\java.exe"
  if not exist "!JAVA_CMD!" (
    echo model-runner: JAVA_HOME is %JAVA_HOME%, but !JAVA_CMD! does not exist; set JAVA_HOME to a Java 17 ^(or newer^) installation 1>&2
    exit /b 1
  )
) else (
  set "JAVA_CMD=java.exe"
  where java.exe >nul 2>&1
  if errorlevel 1 (
    echo model-runner: no java on PATH and JAVA_HOME is not set; install Java 17 or newer or set JAVA_HOME 1>&2
    exit /b 1
  )
)

rem The major version, from `java -version` ("17.0.15", "1.8.0_392", "21").
set "JAVA_MAJOR="
for /f "tokens=3" %%v in ('call "!JAVA_CMD!" -version 2^>^&1 ^| findstr /i version') do (
  if not defined JAVA_MAJOR set "JAVA_VERSION=%%~v"
  if not defined JAVA_MAJOR for /f "tokens=1,2 delims=.-_+" %%a in ("%%~v") do (
    if "%%a"=="1" (set "JAVA_MAJOR=%%b") else (set "JAVA_MAJOR=%%a")
  )
)
if not defined JAVA_MAJOR (
  echo model-runner: cannot tell the version of !JAVA_CMD!; model-runner needs Java 17 or newer 1>&2
  exit /b 1
)
if !JAVA_MAJOR! LSS 17 (
  echo model-runner: !JAVA_CMD! is Java !JAVA_VERSION!; model-runner needs Java 17 or newer: set JAVA_HOME to a Java 17+ installation 1>&2
  exit /b 1
)

rem The command: the first argument that is not an option.
set "COMMAND="
for %%a in (%*) do (
  if not defined COMMAND (
    set "ARG=%%~a"
    if not "!ARG:~0,1!"=="-" set "COMMAND=!ARG!"
  )
)

set "LAUNCHER_OPTS=-Xlog:disable -Xlog:all=warning:stderr"
if /i not "!COMMAND!"=="serve" (
  set "LAUNCHER_OPTS=!LAUNCHER_OPTS! -XX:TieredStopAtLevel=1"
  if /i not "%MODEL_RUNNER_CDS%"=="off" if !JAVA_MAJOR! GEQ 19 if defined LOCALAPPDATA (
    for %%j in ("%JAR%") do set "JAR_ID=%%~zj-%%~tj"
    set "JAR_ID=!JAR_ID::=!"
    set "JAR_ID=!JAR_ID:/=!"
    set "JAR_ID=!JAR_ID: =-!"
    set "CDS_DIR=%LOCALAPPDATA%\model-runner\cds"
    if not exist "!CDS_DIR!" mkdir "!CDS_DIR!" >nul 2>&1
    if exist "!CDS_DIR!" (
      set "LAUNCHER_OPTS=!LAUNCHER_OPTS! -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=!CDS_DIR!\model-runner-!JAR_ID!-java!JAVA_VERSION!.jsa"
    )
  )
)

rem Without delayed expansion, so that a "!" in an argument reaches Java as it is.
setlocal DisableDelayedExpansion
"%JAVA_CMD%" %LAUNCHER_OPTS% %JAVA_OPTS% %MODEL_RUNNER_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
