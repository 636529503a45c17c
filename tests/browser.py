"""Headless Chromium for the report's tests, driven by Selenium through ChromeDriver.

Debian's chromium and chromium-driver are installed here when they are missing, so that the README's test
command sets up everything it needs (as root, or through sudo); a machine where that fails fails the tests
that need them, with the reason, rather than skipping them.
"""
import os
import shutil
import subprocess

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PACKAGES = ("chromium", "chromium-driver")
# as the machine's own probe starts it: no sandbox (root), no GPU, none of Chromium's background
# connections; and every request that is not to a local file sent to a closed port, so that the page
# cannot reach the network even if it tried
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
         "--window-size=1400,1200", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")


def install_chromium():
    """Install Debian's Chromium and ChromeDriver if either is missing; an error (with apt's last lines)
    if that fails."""
    if os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER):
        return
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if prefix and shutil.which("sudo") is None:
        raise RuntimeError(f"the browser tests need {', '.join(PACKAGES)}; install them (apt-get install "
                           f"{' '.join(PACKAGES)}) or run the tests as root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *PACKAGES]):
        proc = subprocess.run(prefix + command, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
            raise RuntimeError(f"`{' '.join(command)}` failed while installing the browser tests' Chromium:\n{tail}")


def start_chromium():
    """A Selenium driver of headless Chromium with the browser console's messages and the network log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


# the elements of a page, also those inside shadow roots (Bokeh draws each of its views in one)
DEEP_QUERY = """
const found = [];
const walk = (root) => {
  root.querySelectorAll(arguments[0]).forEach((el) => found.push(el));
  root.querySelectorAll("*").forEach((el) => { if (el.shadowRoot) walk(el.shadowRoot); });
};
walk(document);
return found;
"""
