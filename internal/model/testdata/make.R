set.seed(20261207)
rows <- list()
for (s in 1:24) {
  setting <- c("school", "youth_work", "care")[1 + (s %% 3)]
  m <- if (setting == "care") 4 + s %% 3 else 12 + s %% 7
  u <- rnorm(1, 0, 0.6)
  g <- sample(c("girl", "boy"), m, TRUE, prob = c(0.55, 0.45))
  band <- sample(c("6-9", "10-13", "14-17"), m, TRUE)
  eta <- -0.2 + 0.7 * (setting == "youth_work") - 0.9 * (setting == "care") + 0.5 * (g == "boy") + u
  share <- rbinom(m, 1, plogis(eta))
  score <- pmin(10, pmax(0, round(6 + 1.2 * (setting == "youth_work") - 1.5 * (setting == "care") + 0.6 * (g == "boy") + 1.5 * u + rnorm(m, 0, 2))))
  w <- ifelse(g == "girl", 1.3, 0.8) * c("6-9" = 0.9, "10-13" = 1.1, "14-17" = 1.4)[band]
  rows[[s]] <- data.frame(session = s, setting = setting, gender = g, band = band, w = unname(w), share = share, score = score)
}
d <- do.call(rbind, rows)
write.csv(d, "svyglm.csv", row.names = FALSE, quote = FALSE)
