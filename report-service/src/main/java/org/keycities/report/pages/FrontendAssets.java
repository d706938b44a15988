package org.keycities.report.pages;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * GOV.UK Frontend's stylesheet asks for its images under {@code /assets/images}; they are
 * served from the webjar. Its fonts are not: they are licensed for GOV.UK only.
 */
@Configuration(proxyBeanMethods = false)
class FrontendAssets implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/assets/images/**")
			.addResourceLocations(
					"classpath:/META-INF/resources/webjars/govuk-frontend/5.10.2/dist/govuk/assets/images/");
	}

}
