package org.keycities.notification.pages;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The GOV.UK Frontend stylesheet refers to its images and fonts at {@code /assets/...};
 * they are served from the webjar, like the stylesheet and script themselves
 * ({@code /webjars/...}, which Spring Boot maps already).
 */
@Configuration(proxyBeanMethods = false)
class PageConfig implements WebMvcConfigurer {

	static final String GOVUK_ASSETS = "classpath:/META-INF/resources/webjars/govuk-frontend/5.10.2/dist/govuk/assets/";

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/assets/**").addResourceLocations(GOVUK_ASSETS);
	}

}
