@echo off
rem model-runner launcher for Windows. JAVA_HOME or java on PATH; JAVA_OPTS adds JVM options.
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA_CMD=%JAVA_HOME%\bin\java.exe") else (set "JAVA_CMD=java")
"%JAVA_CMD%" %JAVA_OPTS% -jar "%APP_HOME%\lib\model-runner.jar" %*
exit /b %ERRORLEVEL%
