#!/usr/bin/env bash
# Installs everything ankieta needs to build and test, from Debian 12's packages.
set -euo pipefail
packages=(
  cmake g++ make pkg-config
  libsqlite3-dev sqlite3
  libboost-program-options-dev libboost-math-dev
  libeigen3-dev libfmt-dev libyaml-cpp-dev libssl-dev
  catch2
  libreadstat-dev pspp
  libglpk-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev chromium unzip python3-openpyxl
  clang libclang-rt-14-dev libfuzzer-14-dev
)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
