package dev.flightplan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Both are given by path, so Selenium Manager is
 * never asked to find (or download) a browser or driver.
 */
final class HeadlessChromium implements AutoCloseable {
  private final ChromeDriver driver;

  HeadlessChromium(Path chromium, Path chromedriver) {
    // Selenium warns that it has no DevTools bindings for this Chromium; WebDriver itself needs none.
    Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
    System.setProperty("webdriver.chrome.driver", chromedriver.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  WebDriver driver() {
    return driver;
  }

  WebDriverWait waiting(Duration limit) {
    return new WebDriverWait(driver, limit);
  }

  /** The first element matching {@code css} that a person can see (the UI keeps hidden copies for small screens). */
  WebElement visible(String css, Duration limit) {
    return waiting(limit)
        .until(
            browser ->
                browser.findElements(By.cssSelector(css)).stream()
                    .filter(WebElement::isDisplayed)
                    .findFirst()
                    .orElse(null));
  }

  /** Text shown inside an iframe (the UI renders markdown in one). */
  String textInFrame(String frameCss, Duration limit) {
    WebElement frame = visible(frameCss, limit);
    driver.switchTo().frame(frame);
    try {
      return waiting(limit)
          .until(
              browser -> {
                String text = browser.findElement(By.tagName("body")).getText();
                return text.isBlank() ? null : text;
              });
    } finally {
      driver.switchTo().defaultContent();
    }
  }

  void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
